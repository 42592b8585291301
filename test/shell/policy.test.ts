import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import nodePath from 'node:path';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  appResponseHeaders,
  contentTypeFor,
  externalLinkTarget,
  isAllowedDownloadUrl,
  isAllowedNavigation,
  isAppUrl,
  isTrustedSender,
  resolveAppFile,
  safeDownloadName,
  saveFiltersFor,
} from '../../electron/shell/policy.js';

describe('navigation', () => {
  it('allows the app origin', () => {
    assert.equal(APP_ORIGIN, 'app://par');
    assert.ok(isAllowedNavigation(APP_ENTRY_URL));
    assert.ok(isAllowedNavigation('app://par/index.html#/campaign/3'));
    assert.ok(isAllowedNavigation('app://par/'));
  });

  it('refuses every other origin and scheme', () => {
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:4000/',
      'file:///etc/passwd',
      'app://other/index.html',
      'app://par:8080/index.html',
      'app://user:pw@par/index.html',
      'APP://evil/',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'devtools://devtools/bundled/inspector.html',
      'not a url',
      '',
    ]) {
      assert.equal(isAllowedNavigation(url), false, url);
    }
  });
});

describe('external links', () => {
  it('offers only http(s) with a host and no credentials', () => {
    assert.equal(externalLinkTarget('https://chinhphu.vn/a b'), 'https://chinhphu.vn/a%20b');
    assert.equal(externalLinkTarget('http://sonoivu.example.gov.vn/cchc'), 'http://sonoivu.example.gov.vn/cchc');
    for (const url of [
      'file:///C:/Windows/System32/calc.exe',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-msdt:/id',
      'app://par/index.html',
      'https://user:secret@example.com/',
      'mailto:a@b.vn',
      'http://',
      'garbage',
    ]) {
      assert.equal(externalLinkTarget(url), null, url);
    }
  });
});

describe('IPC sender', () => {
  const good = { fromOurWindow: true, frame: { url: 'app://par/index.html', isMainFrame: true } };

  it('trusts the main frame of our window on the app origin', () => {
    assert.ok(isTrustedSender(good));
  });

  it('refuses other windows, subframes, lost frames and foreign pages', () => {
    assert.equal(isTrustedSender({ ...good, fromOurWindow: false }), false);
    assert.equal(isTrustedSender({ ...good, frame: null }), false);
    assert.equal(isTrustedSender({ ...good, frame: { url: 'app://par/index.html', isMainFrame: false } }), false);
    assert.equal(isTrustedSender({ ...good, frame: { url: 'https://evil.example/', isMainFrame: true } }), false);
    assert.equal(isTrustedSender({ ...good, frame: { url: 'file:///tmp/x.html', isMainFrame: true } }), false);
  });
});

describe('app:// file serving', () => {
  const root = '/opt/par/dist/renderer';

  it('serves files inside the renderer folder', () => {
    assert.equal(resolveAppFile(root, 'app://par/'), '/opt/par/dist/renderer/index.html');
    assert.equal(resolveAppFile(root, 'app://par/index.html'), '/opt/par/dist/renderer/index.html');
    assert.equal(resolveAppFile(root, 'app://par/app.js?v=1#x'), '/opt/par/dist/renderer/app.js');
    assert.equal(resolveAppFile(root, 'app://par/fonts/be%20vietnam.woff2'), '/opt/par/dist/renderer/fonts/be vietnam.woff2');
    assert.equal(resolveAppFile(root, 'app://par/ti%E1%BA%BFng-vi%E1%BB%87t.png'), '/opt/par/dist/renderer/tiếng-việt.png');
  });

  it('never leaves the renderer folder', () => {
    for (const url of [
      'app://par/..%2f..%2fetc%2fpasswd.txt',
      'app://par/%2e%2e%2f%2e%2e%2fetc%2fpasswd.txt',
      'app://par/assets/..%2F..%2F..%2Fsecret.js',
      'app://par/a/%2E%2E%2Fb.js',
      'app://par/..%5c..%5cwindows%5cwin.ini.txt',
      'app://par/%2fetc%2fpasswd.txt',
      'app://par//etc/passwd.txt',
      'app://par/C:%5cWindows%5cwin.ini.txt',
      'app://par/c:/x.js',
      'app://par/app.js%00.png',
      'app://par/%E0%A4%A.js',
      'app://par/.env.json',
      'app://par/assets/',
      'app://par/package.mjs.bak',
      'app://other/index.html',
      'https://par/index.html',
    ]) {
      assert.equal(resolveAppFile(root, url), null, url);
    }
  });

  it('lets the URL parser drop dot segments, which then stay inside the folder', () => {
    // `..` in the URL itself is resolved by the URL parser before we see it (also when encoded as %2e).
    assert.equal(resolveAppFile(root, 'app://par/../../etc/shadow.js'), '/opt/par/dist/renderer/etc/shadow.js');
    assert.equal(resolveAppFile(root, 'app://par/%2e%2e/%2e%2e/app.js'), '/opt/par/dist/renderer/app.js');
  });

  it('applies Windows path rules too', () => {
    const winRoot = 'C:\\Program Files\\PAR\\resources\\app.asar\\dist\\renderer';
    assert.equal(resolveAppFile(winRoot, 'app://par/app.css', nodePath.win32), `${winRoot}\\app.css`);
    assert.equal(resolveAppFile(winRoot, 'app://par/..%5capp.css', nodePath.win32), null);
    assert.equal(resolveAppFile(winRoot, 'app://par/D:%2fsecret.js', nodePath.win32), null);
    assert.equal(resolveAppFile(winRoot, 'app://par/%5c%5cserver%5cshare%5cx.js', nodePath.win32), null);
  });

  it('knows the content type of what it serves, and nothing else', () => {
    assert.equal(contentTypeFor('index.html'), 'text/html; charset=utf-8');
    assert.equal(contentTypeFor('app.JS'), 'text/javascript; charset=utf-8');
    assert.equal(contentTypeFor('font.woff2'), 'font/woff2');
    assert.equal(contentTypeFor('database.sqlite'), null);
    assert.equal(contentTypeFor('Makefile'), null);
  });
});

describe('content security policy', () => {
  it('is the strict policy, word for word', () => {
    assert.equal(
      CONTENT_SECURITY_POLICY,
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-(inline|eval)/);
  });

  it('travels on every response', () => {
    const headers = appResponseHeaders('text/html; charset=utf-8');
    assert.equal(headers['Content-Security-Policy'], CONTENT_SECURITY_POLICY);
    assert.equal(headers['X-Content-Type-Options'], 'nosniff');
    assert.equal(headers['Content-Type'], 'text/html; charset=utf-8');
  });
});

describe('downloads', () => {
  it('accepts only files the app made', () => {
    assert.ok(isAllowedDownloadUrl('blob:app://par/6f1c3f0e-7b7a-4c55-9a55-2f7f0d6e3a11'));
    assert.ok(isAllowedDownloadUrl('data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,UEsDBA=='));
    assert.ok(isAllowedDownloadUrl('app://par/samples/mau.xlsx'));
    assert.equal(isAllowedDownloadUrl('https://evil.example/payload.exe'), false);
    assert.equal(isAllowedDownloadUrl('blob:https://evil.example/abc'), false);
    assert.equal(isAllowedDownloadUrl('file:///etc/passwd'), false);
  });

  it('proposes a safe file name, keeping Vietnamese', () => {
    assert.equal(safeDownloadName('Phụ lục xếp hạng 2025.xlsx'), 'Phụ lục xếp hạng 2025.xlsx');
    assert.equal(safeDownloadName('../../.bashrc'), '_.._.bashrc');
    assert.equal(safeDownloadName('a/b\\c:d*e?.xlsx'), 'a_b_c_d_e_.xlsx');
    assert.equal(safeDownloadName('CON.xlsx'), '_CON.xlsx');
    assert.equal(safeDownloadName('   '), 'tep-xuat.dat');
    assert.equal(safeDownloadName('//'), 'tep-xuat.dat');
    assert.ok(safeDownloadName('x'.repeat(500)).length <= 180);
  });

  it('offers the file kind first in the save dialog', () => {
    assert.deepEqual(saveFiltersFor('Bao-cao.XLSX', 'Tất cả các tệp'), [
      { name: 'Excel', extensions: ['xlsx'] },
      { name: 'Tất cả các tệp', extensions: ['*'] },
    ]);
    assert.deepEqual(saveFiltersFor('noext', 'All files'), [{ name: 'All files', extensions: ['*'] }]);
  });

  it('treats the app origin as the only app URL', () => {
    assert.ok(isAppUrl('app://par/x'));
    assert.equal(isAppUrl('app://par.evil/x'), false);
  });
});
