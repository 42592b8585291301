// Installs the Vietnamese application menu and the About box.

import { app, dialog, Menu, shell, type BrowserWindow } from 'electron';
import type { ShellText } from './messages.js';
import { menuTemplate } from './menu-template.js';

export interface AppMenuOptions {
  text: ShellText;
  productName: string;
  dataDir: string;
  getWindow: () => BrowserWindow | null;
}

export function showAbout(o: AppMenuOptions): void {
  const options = {
    type: 'info' as const,
    title: o.text.aboutTitle,
    message: o.productName,
    detail: o.text.aboutDetail(app.getVersion(), process.versions.electron ?? '', o.dataDir),
    buttons: [o.text.closeButton],
    noLink: true,
  };
  const win = o.getWindow();
  void (win !== null && !win.isDestroyed() ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
}

export function installAppMenu(o: AppMenuOptions): void {
  const template = menuTemplate({
    text: o.text.menu,
    productName: o.productName,
    isMac: process.platform === 'darwin',
    isPackaged: app.isPackaged,
    onAbout: () => showAbout(o),
    onOpenDataFolder: () => void shell.openPath(o.dataDir),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
