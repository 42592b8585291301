// The Electron fuses electron-builder flips in the packaged binary: read from electron-builder.yml as
// it is shipped, so a fuse turned off by mistake fails here rather than in an installed app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The `electronFuses:` block's `key: value` lines (comments skipped). */
function fuses(): Record<string, string> {
  const lines = readFileSync(join(repo, 'electron-builder.yml'), 'utf8').split(/\r?\n/);
  const start = lines.findIndex((l) => /^electronFuses:\s*$/.test(l));
  assert.ok(start >= 0, 'electron-builder.yml has an electronFuses block');
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const m = /^\s+([A-Za-z]+):\s*(\S+)\s*(?:#.*)?$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

test('the packaged app runs only its own, unaltered app.asar, and is no Node runtime', () => {
  assert.deepEqual(fuses(), {
    runAsNode: 'false',
    enableCookieEncryption: 'true',
    enableNodeOptionsEnvironmentVariable: 'false',
    enableNodeCliInspectArguments: 'false',
    onlyLoadAppFromAsar: 'true',
    grantFileProtocolExtraPrivileges: 'false',
    enableEmbeddedAsarIntegrityValidation: 'true',
  });
});
