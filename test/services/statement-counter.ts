// Counting the SQL statements a call costs, for the tests that hold a path to a number of statements
// (a grid round trip, a batched import). A real database; only better-sqlite3's prepare is wrapped.
import Database from 'better-sqlite3';

export interface Counter {
  statements: number;
  sql: string[];
}

/**
 * Counts statement executions on every database opened while a measure runs: better-sqlite3's `prepare` is
 * wrapped so every run/get/all/iterate of a statement counts, and (unless `transactions` is false) an outer
 * `transaction` counts its BEGIN and COMMIT; nothing else changes.
 */
export function countingPrepare(options: { transactions?: boolean } = {}): {
  counter: Counter;
  measure: <T>(fn: () => Promise<T>) => Promise<{ value: T; statements: number; sql: string[] }>;
  measureSync: <T>(fn: () => T) => { value: T; statements: number; sql: string[] };
  restore: () => void;
} {
  const counter: Counter = { statements: 0, sql: [] };
  let counting = false;
  const proto = Database.prototype as unknown as { prepare: (this: Database.Database, sql: string) => Database.Statement };
  const original = proto.prepare;
  proto.prepare = function prepare(this: Database.Database, sql: string) {
    const stmt = original.call(this, sql);
    const methods = stmt as unknown as Record<'run' | 'get' | 'all' | 'iterate', (...args: unknown[]) => unknown>;
    for (const name of ['run', 'get', 'all', 'iterate'] as const) {
      const run = methods[name].bind(stmt);
      methods[name] = (...args: unknown[]) => {
        if (counting) {
          counter.statements++;
          counter.sql.push(sql.replace(/\s+/g, ' ').slice(0, 90));
        }
        return run(...args);
      };
    }
    return stmt;
  };
  // A transaction runs BEGIN and COMMIT (better-sqlite3 prepares those itself): two statements each.
  const tproto = Database.prototype as unknown as { transaction: (this: Database.Database, fn: (...args: unknown[]) => unknown) => (...args: unknown[]) => unknown };
  const originalTransaction = tproto.transaction;
  tproto.transaction = function transaction(this: Database.Database, fn: (...args: unknown[]) => unknown) {
    const tx = originalTransaction.call(this, fn);
    const inTransaction = () => this.inTransaction;
    return (...args: unknown[]) => {
      if (counting && options.transactions !== false && !inTransaction()) {
        counter.statements += 2;
        counter.sql.push('BEGIN … COMMIT');
      }
      return tx(...args);
    };
  };
  return {
    counter,
    measure: async (fn) => {
      counter.statements = 0;
      counter.sql = [];
      counting = true;
      try {
        const value = await fn();
        return { value, statements: counter.statements, sql: [...counter.sql] };
      } finally {
        counting = false;
      }
    },
    measureSync: (fn) => {
      counter.statements = 0;
      counter.sql = [];
      counting = true;
      try {
        const value = fn();
        return { value, statements: counter.statements, sql: [...counter.sql] };
      } finally {
        counting = false;
      }
    },
    restore: () => {
      proto.prepare = original;
      tproto.transaction = originalTransaction;
    },
  };
}
