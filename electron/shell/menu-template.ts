// The application menu as plain data (Tệp, Sửa, Xem, Trợ giúp), so its shape is tested without
// Electron; menu.ts hands it to Menu.buildFromTemplate.

import type { ShellText } from './messages.js';

/** The Electron menu roles we use (a subset of MenuItemConstructorOptions['role']). */
export type MenuRole =
  | 'appMenu'
  | 'about'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'reload'
  | 'zoomIn'
  | 'zoomOut'
  | 'resetZoom'
  | 'togglefullscreen'
  | 'toggleDevTools'
  | 'minimize'
  | 'close';

export interface MenuSpec {
  label?: string;
  role?: MenuRole;
  type?: 'separator';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuSpec[];
}

export interface MenuOptions {
  text: ShellText['menu'];
  productName: string;
  isMac: boolean;
  /** Developer tools only in development builds. */
  isPackaged: boolean;
  onAbout: () => void;
  onOpenDataFolder: () => void;
}

const separator: MenuSpec = { type: 'separator' };

export function menuTemplate(o: MenuOptions): MenuSpec[] {
  const t = o.text;
  const about: MenuSpec = { label: t.about, click: o.onAbout };
  const template: MenuSpec[] = [];
  if (o.isMac) {
    template.push({
      label: o.productName,
      submenu: [
        about,
        separator,
        { role: 'hide', label: t.hide },
        { role: 'hideOthers', label: t.hideOthers },
        { role: 'unhide', label: t.unhide },
        separator,
        { role: 'quit', label: t.quit },
      ],
    });
  }
  template.push(
    {
      label: t.file,
      submenu: [
        { label: t.openDataFolder, click: o.onOpenDataFolder },
        ...(o.isMac ? [] : [separator, { role: 'quit', label: t.quit } satisfies MenuSpec]),
      ],
    },
    {
      label: t.edit,
      submenu: [
        { role: 'undo', label: t.undo },
        { role: 'redo', label: t.redo },
        separator,
        { role: 'cut', label: t.cut },
        { role: 'copy', label: t.copy },
        { role: 'paste', label: t.paste },
        { role: 'selectAll', label: t.selectAll },
      ],
    },
    {
      label: t.view,
      submenu: [
        { role: 'reload', label: t.reload },
        separator,
        { role: 'zoomIn', label: t.zoomIn },
        { role: 'zoomOut', label: t.zoomOut },
        { role: 'resetZoom', label: t.resetZoom },
        separator,
        { role: 'togglefullscreen', label: t.fullscreen },
        ...(o.isPackaged ? [] : [{ role: 'toggleDevTools', label: t.devTools } satisfies MenuSpec]),
      ],
    },
  );
  if (o.isMac) {
    template.push({
      label: t.window,
      submenu: [
        { role: 'minimize', label: t.minimize },
        { role: 'close', label: t.close },
      ],
    });
  }
  template.push({ label: t.help, submenu: [about] });
  return template;
}
