// Requiring the `electron` package downloads its binary (and throws where it cannot), so only the
// shell's entry files may import it. This keeps the CLI, the browser host and the tests safe.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCANNED = ['electron', 'scripts', 'bin', 'shared', 'test', 'bench'];
const ALLOWED = ['electron/shell/main.ts', 'electron/shell/ipc.ts', 'electron/shell/preload.ts', 'electron/shell/menu.ts'];
const SELF = relative(repo, fileURLToPath(import.meta.url)).split(sep).join('/');
const CODE = /\.(c|m)?(j|t)sx?$/;

const Q = `['"\`]`;
const ELECTRON_IMPORT = new RegExp(
  [
    `\\bfrom\\s*${Q}electron${Q}`, // import x from 'electron' / export … from 'electron'
    `\\bimport\\s*${Q}electron${Q}`, // import 'electron'
    `\\bimport\\s*\\(\\s*${Q}electron${Q}\\s*\\)`, // import('electron')
    `\\brequire\\s*\\(\\s*${Q}electron${Q}\\s*\\)`, // require('electron')
  ].join('|'),
);

export function importsElectron(source: string): boolean {
  return ELECTRON_IMPORT.test(source);
}

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* walk(full);
    else if (CODE.test(name)) yield full;
  }
}

describe('who may import electron', () => {
  it('recognises every way of importing it', () => {
    for (const yes of [
      "import { app } from 'electron';",
      'import * as e from "electron"',
      "import type { BrowserWindow } from 'electron';",
      "export { app } from 'electron'",
      "import 'electron';",
      'const e = require("electron")',
      'const e = require( `electron` )',
      "await import('electron')",
    ]) {
      assert.ok(importsElectron(yes), yes);
    }
    for (const no of [
      "import { x } from './electron/core/app.js'",
      "import { x } from '../electron'",
      "require('electron-builder')",
      "import '@electron/fuses'",
      "const name = 'electron';",
    ]) {
      assert.equal(importsElectron(no), false, no);
    }
  });

  it('the allowed files exist (a rename must update this list)', () => {
    for (const file of ALLOWED) assert.ok(existsSync(join(repo, file)), file);
  });

  it('nothing else under electron/, scripts/, bin/, shared/, test/, bench/ imports it', () => {
    const offenders: string[] = [];
    let scanned = 0;
    for (const top of SCANNED) {
      for (const file of walk(join(repo, top))) {
        const rel = relative(repo, file).split(sep).join('/');
        if (ALLOWED.includes(rel) || rel === SELF) continue;
        scanned++;
        if (importsElectron(readFileSync(file, 'utf8'))) offenders.push(rel);
      }
    }
    assert.ok(scanned > 10, `only ${scanned} files scanned`);
    assert.deepEqual(offenders, []);
  });
});
