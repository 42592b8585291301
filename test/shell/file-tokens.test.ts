// Tokens for files chosen in the shell's open dialog: opaque, for one purpose, single-use (a driver's
// lasts through its add-a-token flow), and short-lived.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FILE_TOKEN_TTL_MS, FileTokens } from '../../electron/core/file-tokens.js';
import { AppError } from '../../shared/errors.js';
import { tempDir } from '../helpers.js';

const refused = (fn: () => unknown) => assert.throws(fn, (e: unknown) => e instanceof AppError && e.code === 'forbidden' && /chọn lại tệp/.test(e.message));

test('a token stands for its path once, for its own purpose, until it expires', () => {
  const { dir, cleanup } = tempDir('par-tokens-');
  try {
    let now = 1_000_000;
    const tokens = new FileTokens(() => now);
    const path = join(dir, 'Quyết định.pdf');
    writeFileSync(path, '%PDF-1.4');
    const chosen = tokens.issue(path, 'evidence');
    assert.deepEqual({ ...chosen, fileToken: '' }, { fileToken: '', fileName: 'Quyết định.pdf', size: 8 });
    assert.doesNotMatch(chosen.fileToken, /Quy|\//);
    refused(() => tokens.take(chosen.fileToken, ['backup']));
    assert.equal(tokens.take(chosen.fileToken, ['evidence']), path);
    refused(() => tokens.take(chosen.fileToken, ['evidence']));

    const late = tokens.issue(path, 'evidence');
    now += FILE_TOKEN_TTL_MS;
    refused(() => tokens.take(late.fileToken, ['evidence']));
    assert.equal(tokens.size, 0, 'expired tokens are forgotten');

    const driver = tokens.issue('/opt/vnpt/libvnpt-ca.so', 'pkcs11Driver');
    for (let i = 0; i < 3; i++) assert.equal(tokens.take(driver.fileToken, ['pkcs11Driver']), '/opt/vnpt/libvnpt-ca.so');
    now += FILE_TOKEN_TTL_MS;
    refused(() => tokens.take(driver.fileToken, ['pkcs11Driver']));
    refused(() => tokens.take('A'.repeat(32), ['evidence', 'backup', 'pkcs11Driver']));
  } finally {
    cleanup();
  }
});
