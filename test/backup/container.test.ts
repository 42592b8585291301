// The tar container on its own: sizes past the 8 GB octal limit (GNU base-256, read back by the
// system's tar too), and entry types other than regular files refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, ftruncateSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { BLOCK, listTar, padding, tarHeader } from '../../electron/backup/container.js';
import { tempDir } from '../helpers.js';

test('an entry over 8 GB gets a base-256 size that both listTar and the system tar read', async () => {
  const { dir, cleanup } = tempDir('par-tar-');
  try {
    const size = 2 ** 33 + 12345; // past 11 octal digits
    const file = join(dir, 'big.tar');
    const fd = openSync(file, 'w');
    writeSync(fd, tarHeader('database/par.sqlite', size, 0), 0, BLOCK, 0);
    // The data and the end marker are zeros: a sparse file, no real disk used.
    ftruncateSync(fd, BLOCK + size + padding(size) + 2 * BLOCK);
    closeSync(fd);
    const handle = await open(file, 'r');
    try {
      const entries = await listTar(handle, (await handle.stat()).size, 'big.tar');
      assert.deepEqual(entries, [{ path: 'database/par.sqlite', size, dataOffset: BLOCK }]);
    } finally {
      await handle.close();
    }
    const listed = spawnSync('tar', ['-tvf', file], { encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`\\b${size}\\b.*database/par\\.sqlite`));
  } finally {
    cleanup();
  }
});

test('links, folders and a bad header checksum are refused by name', async () => {
  const { dir, cleanup } = tempDir('par-tar-');
  try {
    for (const [type, reason] of [[0x32, /không phải tệp thông thường/], [0x35, /không phải tệp thông thường/], [null, /tổng kiểm tra/]] as const) {
      const h = tarHeader('evidence/ab/x', 0, 0);
      if (type === null) h[0] = 0x41; // the name changed after the checksum was computed
      else {
        h[156] = type;
        h.fill(0x20, 148, 156);
        let sum = 0;
        for (const b of h) sum += b;
        h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
      }
      const file = join(dir, 'x.tar');
      const fd = openSync(file, 'w');
      writeSync(fd, Buffer.concat([h, Buffer.alloc(2 * BLOCK)]));
      closeSync(fd);
      const handle = await open(file, 'r');
      try {
        await assert.rejects(listTar(handle, 3 * BLOCK, 'x.tar'), (e: unknown) => e instanceof AppError && reason.test(e.message));
      } finally {
        await handle.close();
      }
    }
  } finally {
    cleanup();
  }
});
