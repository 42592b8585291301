// SQL lives in electron/repos/: the lint rule refuses prepared statements, pragmas and exec outside the
// repositories and the database module, and the tree as it stands passes it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const ROOT = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: ROOT });

async function sqlProblems(code: string, file: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').length;
}

const SQL = `import type { Db } from '../db/database.js';
export function count(db: Db): number {
  db.pragma('user_version', { simple: true });
  db.exec('DELETE FROM score');
  return (db.prepare('SELECT count(*) AS n FROM campaign').get() as { n: number }).n;
}
`;

const REGEX = `const NAME = /^(\\d+)$/;
export function parse(text: string): string | undefined {
  return NAME.exec(text)?.[1] ?? /^x(\\d)$/.exec(text)?.[1];
}
`;

test('raw SQL outside the repositories is a lint error; RegExp#exec is not', async () => {
  assert.equal(await sqlProblems(SQL, 'electron/services/example.ts'), 3);
  assert.equal(await sqlProblems(SQL, 'electron/backup/example.ts'), 3);
  assert.equal(await sqlProblems(SQL, 'electron/repos/example.ts'), 0);
  assert.equal(await sqlProblems(SQL, 'electron/db/example.ts'), 0);
  assert.equal(await sqlProblems(REGEX, 'electron/services/example.ts'), 0);
});

test('no file under electron/ outside repos/ and db/ runs SQL itself', async () => {
  const results = await eslint.lintFiles(['electron/**/*.ts']);
  const offenders = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => `${r.filePath}:${m.line}`));
  assert.deepEqual(offenders, []);
});
