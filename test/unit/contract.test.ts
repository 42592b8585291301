// The contract's shape: every method is declared in exactly one domain file and handled by exactly that
// domain's handlers, so a newcomer finds a method's declaration and its handler in one place each; and
// every method is called by name in some test, so a method added without one is caught here.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DOMAINS, METHODS, contract, type Domain } from '../../shared/contract.js';
import { createServices } from '../../electron/core/app.js';
import { DOMAIN_HANDLERS } from '../../electron/core/handlers/index.js';
import { FileTokens } from '../../electron/core/file-tokens.js';
import { JobControls } from '../../electron/jobs/controls.js';
import { JobRunner } from '../../electron/jobs/runner.js';
import { openDatabase } from '../../electron/db/database.js';

test('every method is declared by exactly one domain', () => {
  const seen = new Map<string, string>();
  for (const [domain, methods] of Object.entries(DOMAINS)) {
    for (const method of Object.keys(methods)) {
      assert.equal(seen.get(method), undefined, `${method} is declared by ${seen.get(method)} and ${domain}`);
      seen.set(method, domain);
    }
  }
  assert.deepEqual([...seen.keys()].sort(), [...METHODS].sort());
  for (const method of METHODS) assert.ok(typeof contract[method].input.safeParse === 'function', `${method} has an input schema`);
});

test("each domain's handlers handle exactly that domain's methods", () => {
  const dir = mkdtempSync(join(tmpdir(), 'par-contract-'));
  const db = openDatabase(join(dir, 'par.db'));
  try {
    const s = createServices(db, { dataDir: dir });
    const deps = { s, info: { version: 'test', dataDir: dir, dbPath: join(dir, 'par.db'), host: 'cli' as const }, backup: undefined, doors: { fileTokens: new FileTokens() }, jobs: { runner: new JobRunner({ dbPath: join(dir, 'par.db'), dataDir: dir }), controls: new JobControls() } };
    for (const domain of Object.keys(DOMAINS) as Domain[]) {
      const handled = Object.keys(DOMAIN_HANDLERS[domain](deps)).sort();
      assert.deepEqual(handled, Object.keys(DOMAINS[domain]).sort(), `handlers of ${domain}`);
    }
    s.evidence.dispose();
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The text of every test file under test/ (`*.test.ts`, `*.e2e.ts`), this one left out: it names no method. */
function testFiles(): string[] {
  const self = join(import.meta.dirname, 'contract.test.ts');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return walk(path);
      return /\.(test|e2e)\.tsx?$/.test(e.name) && path !== self ? [path] : [];
    });
  return walk(join(import.meta.dirname, '..')).map((path) => readFileSync(path, 'utf8'));
}

test('every method is called by its quoted name in some test file under test/', () => {
  const files = testFiles();
  assert.ok(files.length > 50, `test files found: ${files.length}`);
  const named = (method: string) => files.some((text) => [`'${method}'`, `"${method}"`, `\`${method}\``].some((quoted) => text.includes(quoted)));
  const untested = Object.entries(DOMAINS)
    .map(([domain, methods]) => [domain, Object.keys(methods).filter((m) => !named(m))] as const)
    .filter(([, methods]) => methods.length > 0);
  // Named by domain and the contract file that declares them, so the test file to add them to is plain.
  const file = (domain: string) => `shared/contract/${domain.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.ts`;
  assert.deepEqual(
    untested.map(([domain, methods]) => `${domain} (${file(domain)}): ${methods.join(', ')}`),
    [],
    "methods no test calls: test each through core.dispatch in its domain's test file (docs/ARCHITECTURE.md, Where a method lives)",
  );
});
