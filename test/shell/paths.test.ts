import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import nodePath from 'node:path';
import { dataDirFromArgv, nativeBindingPath, nativeBindingProblem, nativeBuildInfoPath } from '../../electron/shell/paths.js';
import { electronNativeDir, electronNativeStageDir } from '../../scripts/launcher.mjs';

describe('Electron-ABI better-sqlite3 location', () => {
  const where = { appPath: '/work/repo', resourcesPath: '/opt/PAR/resources', electronVersion: '45.4.1' };

  it('uses the per-version cache in development', () => {
    assert.equal(
      nativeBindingPath({ ...where, isPackaged: false }),
      '/work/repo/.cache/electron-native/45.4.1/better_sqlite3.node',
    );
  });

  it('uses resources/native when packaged', () => {
    assert.equal(nativeBindingPath({ ...where, isPackaged: true }), '/opt/PAR/resources/native/better_sqlite3.node');
    assert.equal(
      nativeBindingPath({ ...where, resourcesPath: 'C:\\Users\\a\\AppData\\Local\\Programs\\par\\resources', isPackaged: true }, nodePath.win32),
      'C:\\Users\\a\\AppData\\Local\\Programs\\par\\resources\\native\\better_sqlite3.node',
    );
  });

  it('agrees with the folders scripts/electron-native.mjs writes', () => {
    const dev = nativeBindingPath({ ...where, isPackaged: false });
    assert.equal(nodePath.dirname(dev), electronNativeDir('/work/repo', '45.4.1'));
    assert.equal(nativeBuildInfoPath(dev), '/work/repo/.cache/electron-native/45.4.1/build-info.json');
    assert.equal(electronNativeStageDir('/work/repo'), '/work/repo/.cache/electron-native/current');
  });
});

describe('native build check', () => {
  const running = { electronVersion: '45.4.1', platform: 'linux', arch: 'x64' };
  const info = { runtime: 'electron', target: '45.4.1', platform: 'linux', arch: 'x64', betterSqlite3: '12.11.1' };

  it('accepts a matching build, or one without build info', () => {
    assert.equal(nativeBindingProblem(true, info, running), null);
    assert.equal(nativeBindingProblem(true, null, running), null);
  });

  it('reports a missing binary', () => {
    assert.deepEqual(nativeBindingProblem(false, info, running), { kind: 'missing' });
  });

  it('reports a build for Node, another Electron, OS or CPU', () => {
    for (const other of [
      { ...info, runtime: 'node', target: '20.20.2' },
      { ...info, target: '44.0.0' },
      { ...info, platform: 'win32' },
      { ...info, arch: 'arm64' },
    ]) {
      const problem = nativeBindingProblem(true, other, running);
      assert.equal(problem?.kind, 'mismatch', JSON.stringify(other));
    }
  });
});

describe('--data-dir', () => {
  it('reads both spellings and resolves the path', () => {
    assert.equal(dataDirFromArgv(['electron', '.', '--data-dir', '/tmp/d1']), '/tmp/d1');
    assert.equal(dataDirFromArgv(['electron', '.', '--data-dir=/tmp/d2']), '/tmp/d2');
    assert.equal(dataDirFromArgv(['x', '--data-dir', 'rel']), nodePath.resolve('rel'));
  });

  it('falls back to the default when absent or empty', () => {
    assert.equal(dataDirFromArgv(['electron', '.']), null);
    assert.equal(dataDirFromArgv(['electron', '.', '--data-dir']), null);
    assert.equal(dataDirFromArgv(['electron', '.', '--data-dir=']), null);
    assert.equal(dataDirFromArgv(['electron', '.', '--data-dir', '--port']), null);
  });
});
