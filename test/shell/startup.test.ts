import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../shared/errors.js';
import { describeNativeProblem, describeStartupError } from '../../electron/shell/startup.js';
import { pickLanguage, shellText } from '../../electron/shell/messages.js';
import { menuTemplate, type MenuSpec } from '../../electron/shell/menu-template.js';

const vi = shellText('vi');

describe('startup errors', () => {
  it('shows an AppError’s own Vietnamese message (e.g. a database from a newer version)', () => {
    const err = new AppError('db_too_new', 'Cơ sở dữ liệu được tạo bởi phiên bản mới hơn. Hãy cập nhật ứng dụng.');
    const d = describeStartupError(err, vi);
    assert.equal(d.title, 'Không mở được ứng dụng');
    assert.equal(d.message, err.message);
    assert.equal(d.detail, '(db_too_new)');
  });

  it('shows a generic Vietnamese message for anything else, with the technical text as detail', () => {
    const d = describeStartupError(new Error('SQLITE_CANTOPEN'), vi);
    assert.equal(d.message, vi.startupFailedMessage);
    assert.equal(d.detail, 'SQLITE_CANTOPEN');
  });

  it('tells developers and installed users different things about a missing native module', () => {
    const dev = describeNativeProblem({ kind: 'missing' }, vi, { isPackaged: false, bindingPath: '/r/.cache/x.node' });
    assert.match(dev.message, /electron-native\.mjs/);
    const packaged = describeNativeProblem({ kind: 'missing' }, vi, { isPackaged: true, bindingPath: '/x' });
    assert.match(packaged.message, /cài lại/);
    const mismatch = describeNativeProblem({ kind: 'mismatch', builtFor: 'node 20', running: 'electron 45' }, vi, { isPackaged: false, bindingPath: '/x' });
    assert.match(mismatch.message, /node 20.*electron 45/s);
  });
});

describe('language', () => {
  it('is Vietnamese unless English is asked for', () => {
    assert.equal(pickLanguage(undefined), 'vi');
    assert.equal(pickLanguage('fr'), 'vi');
    assert.equal(pickLanguage('en_GB'), 'en');
    assert.equal(shellText('en').menu.file, 'File');
  });
});

describe('application menu', () => {
  const labels = (items: MenuSpec[]) => items.map((m) => m.label);
  const base = { text: vi.menu, productName: 'Thẩm định chỉ số CCHC', onAbout: () => {}, onOpenDataFolder: () => {} };

  it('has Tệp, Sửa, Xem, Trợ giúp with Giới thiệu', () => {
    const menu = menuTemplate({ ...base, isMac: false, isPackaged: true });
    assert.deepEqual(labels(menu), ['Tệp', 'Sửa', 'Xem', 'Trợ giúp']);
    assert.deepEqual(labels(menu[3]?.submenu ?? []), ['Giới thiệu']);
  });

  it('calls the About box from Trợ giúp', () => {
    let shown = 0;
    const menu = menuTemplate({ ...base, onAbout: () => shown++, isMac: false, isPackaged: true });
    menu[3]?.submenu?.[0]?.click?.();
    assert.equal(shown, 1);
  });

  it('offers developer tools only in development', () => {
    const hasDevTools = (items: MenuSpec[]): boolean => items.some((m) => m.role === 'toggleDevTools' || hasDevTools(m.submenu ?? []));
    assert.equal(hasDevTools(menuTemplate({ ...base, isMac: false, isPackaged: true })), false);
    assert.equal(hasDevTools(menuTemplate({ ...base, isMac: false, isPackaged: false })), true);
  });

  it('puts the app menu first on macOS', () => {
    const menu = menuTemplate({ ...base, isMac: true, isPackaged: true });
    assert.equal(menu[0]?.label, 'Thẩm định chỉ số CCHC');
    assert.deepEqual(labels(menu).slice(1), ['Tệp', 'Sửa', 'Xem', 'Cửa sổ', 'Trợ giúp']);
  });
});
