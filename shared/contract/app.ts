// The app itself: its identity, and files chosen in the shell's own dialog.

import { z } from 'zod';
import { method } from './method.js';
import { FILE_PURPOSES, type ChosenFile } from './common.js';

export interface AppInfo {
  version: string;
  dataDir: string;
  dbPath: string;
  host: 'electron' | 'browser' | 'cli';
}

export const appMethods = {
  'app/info': method<AppInfo>()(z.object({})),
  /** The shell's open dialog (Electron only): a token per chosen file, none when cancelled. */
  'file/choose': method<ChosenFile[]>()(z.object({ purpose: z.enum(FILE_PURPOSES), multiple: z.boolean().default(false) })),
} as const;
