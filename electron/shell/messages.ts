// Every string the shell shows a person (menus, dialogs, refused calls): Vietnamese first, English available.

export type Language = 'vi' | 'en';

export interface ShellText {
  menu: {
    file: string;
    openDataFolder: string;
    quit: string;
    edit: string;
    undo: string;
    redo: string;
    cut: string;
    copy: string;
    paste: string;
    selectAll: string;
    view: string;
    reload: string;
    zoomIn: string;
    zoomOut: string;
    resetZoom: string;
    fullscreen: string;
    devTools: string;
    window: string;
    minimize: string;
    close: string;
    help: string;
    about: string;
    hide: string;
    hideOthers: string;
    unhide: string;
  };
  closeButton: string;
  aboutTitle: string;
  aboutDetail(version: string, electronVersion: string, dataDir: string): string;
  externalTitle: string;
  externalMessage: string;
  externalDetail(url: string): string;
  externalOpen: string;
  cancel: string;
  startupFailedTitle: string;
  startupFailedMessage: string;
  nativeMissingDev(path: string): string;
  nativeMissingPackaged: string;
  nativeMismatch(builtFor: string, running: string): string;
  forbidden: string;
  unknownMethod(name: string): string;
  internal: string;
  saveTitle: string;
  saveButton: string;
  allFiles: string;
  openTitle: Record<'evidence' | 'evidenceFolder' | 'evidenceZip' | 'backup' | 'evidenceBundle' | 'pkcs11Driver', string>;
  openButton: string;
  openFilter: { documents: string; zip: string; backup: string; evidenceBundle: string; driver: string };
}

const vi: ShellText = {
  menu: {
    file: 'Tệp',
    openDataFolder: 'Mở thư mục dữ liệu',
    quit: 'Thoát',
    edit: 'Sửa',
    undo: 'Hoàn tác',
    redo: 'Làm lại',
    cut: 'Cắt',
    copy: 'Sao chép',
    paste: 'Dán',
    selectAll: 'Chọn tất cả',
    view: 'Xem',
    reload: 'Tải lại',
    zoomIn: 'Phóng to',
    zoomOut: 'Thu nhỏ',
    resetZoom: 'Cỡ mặc định',
    fullscreen: 'Toàn màn hình',
    devTools: 'Công cụ phát triển',
    window: 'Cửa sổ',
    minimize: 'Thu nhỏ cửa sổ',
    close: 'Đóng cửa sổ',
    help: 'Trợ giúp',
    about: 'Giới thiệu',
    hide: 'Ẩn ứng dụng',
    hideOthers: 'Ẩn các ứng dụng khác',
    unhide: 'Hiện tất cả',
  },
  closeButton: 'Đóng',
  aboutTitle: 'Giới thiệu',
  aboutDetail: (version, electronVersion, dataDir) =>
    `Phiên bản ${version}\nThẩm định, xếp hạng chỉ số cải cách hành chính — làm việc không cần mạng.\n\nThư mục dữ liệu: ${dataDir}\nElectron ${electronVersion}`,
  externalTitle: 'Mở liên kết bên ngoài',
  externalMessage: 'Mở liên kết này trong trình duyệt?',
  externalDetail: (url) => `${url}\n\nỨng dụng chỉ mở trang web bên ngoài khi bạn đồng ý.`,
  externalOpen: 'Mở trong trình duyệt',
  cancel: 'Huỷ',
  startupFailedTitle: 'Không mở được ứng dụng',
  startupFailedMessage: 'Không mở được cơ sở dữ liệu. Dữ liệu của bạn chưa bị thay đổi.',
  nativeMissingDev: (path) =>
    `Chưa có thư viện cơ sở dữ liệu (better-sqlite3) dựng cho Electron:\n${path}\n\nHãy chạy "node scripts/electron-native.mjs" (hoặc "npm start") rồi mở lại.`,
  nativeMissingPackaged: 'Bộ cài thiếu thư viện cơ sở dữ liệu (better_sqlite3.node). Hãy cài lại ứng dụng.',
  nativeMismatch: (builtFor, running) =>
    `Thư viện cơ sở dữ liệu được dựng cho ${builtFor}, nhưng ứng dụng đang chạy ${running}. Hãy chạy lại "node scripts/electron-native.mjs --force" hoặc cài lại ứng dụng.`,
  forbidden: 'Yêu cầu bị từ chối: chỉ cửa sổ chính của ứng dụng được gọi các chức năng này.',
  unknownMethod: (name) => `Ứng dụng không có chức năng "${name}". Hãy cập nhật ứng dụng.`,
  internal: 'Có lỗi không mong muốn khi xử lý yêu cầu. Hãy thử lại; nếu vẫn lỗi, hãy khởi động lại ứng dụng.',
  saveTitle: 'Lưu tệp',
  saveButton: 'Lưu',
  allFiles: 'Tất cả các tệp',
  openTitle: {
    evidence: 'Chọn tài liệu kiểm chứng',
    evidenceFolder: 'Chọn thư mục tài liệu kiểm chứng của đơn vị',
    evidenceZip: 'Chọn gói .zip tài liệu kiểm chứng của đơn vị',
    backup: 'Chọn bản sao lưu để khôi phục',
    evidenceBundle: 'Chọn gói tài liệu kiểm chứng (.parevd)',
    pkcs11Driver: 'Chọn tệp driver (PKCS#11) của token chữ ký số',
  },
  openButton: 'Chọn',
  openFilter: {
    documents: 'Tài liệu và hình ảnh',
    zip: 'Gói .zip',
    backup: 'Bản sao lưu',
    evidenceBundle: 'Gói tài liệu kiểm chứng',
    driver: 'Thư viện driver',
  },
};

const en: ShellText = {
  menu: {
    file: 'File',
    openDataFolder: 'Open data folder',
    quit: 'Quit',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select all',
    view: 'View',
    reload: 'Reload',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    resetZoom: 'Actual size',
    fullscreen: 'Full screen',
    devTools: 'Developer tools',
    window: 'Window',
    minimize: 'Minimise',
    close: 'Close window',
    help: 'Help',
    about: 'About',
    hide: 'Hide',
    hideOthers: 'Hide others',
    unhide: 'Show all',
  },
  closeButton: 'Close',
  aboutTitle: 'About',
  aboutDetail: (version, electronVersion, dataDir) =>
    `Version ${version}\nAppraising and ranking the Public Administration Reform Index — works offline.\n\nData folder: ${dataDir}\nElectron ${electronVersion}`,
  externalTitle: 'Open external link',
  externalMessage: 'Open this link in your browser?',
  externalDetail: (url) => `${url}\n\nThe app opens outside web pages only with your consent.`,
  externalOpen: 'Open in browser',
  cancel: 'Cancel',
  startupFailedTitle: 'The app could not start',
  startupFailedMessage: 'The database could not be opened. Your data has not been changed.',
  nativeMissingDev: (path) =>
    `better-sqlite3 has not been built for Electron:\n${path}\n\nRun "node scripts/electron-native.mjs" (or "npm start") and try again.`,
  nativeMissingPackaged: 'The installation is missing its database library (better_sqlite3.node). Please reinstall the app.',
  nativeMismatch: (builtFor, running) =>
    `The database library was built for ${builtFor}, but the app runs ${running}. Run "node scripts/electron-native.mjs --force" or reinstall the app.`,
  forbidden: 'Request refused: only the app’s main window may call these functions.',
  unknownMethod: (name) => `The app has no function "${name}". Please update the app.`,
  internal: 'Something unexpected went wrong while handling the request. Try again; if it persists, restart the app.',
  saveTitle: 'Save file',
  saveButton: 'Save',
  allFiles: 'All files',
  openTitle: {
    evidence: 'Choose evidence files',
    evidenceFolder: 'Choose the unit’s evidence folder',
    evidenceZip: 'Choose the unit’s evidence .zip',
    backup: 'Choose a backup to restore',
    evidenceBundle: 'Choose an evidence bundle (.parevd)',
    pkcs11Driver: 'Choose the signing token’s PKCS#11 driver file',
  },
  openButton: 'Choose',
  openFilter: {
    documents: 'Documents and images',
    zip: 'Zip archive',
    backup: 'Backup',
    evidenceBundle: 'Evidence bundle',
    driver: 'Driver library',
  },
};

/** Vietnamese unless English is asked for explicitly (PAR_LANG=en): the users are Vietnamese councils. */
export function pickLanguage(requested: string | undefined): Language {
  return requested?.trim().toLowerCase().startsWith('en') ? 'en' : 'vi';
}

export function shellText(language: Language): ShellText {
  return language === 'en' ? en : vi;
}
