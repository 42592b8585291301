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

/** A caller-made name of a long call (letters, digits, '_' and '-'), sent beside the call by each door. */
const JOB_ID = /^[\w-]{1,100}$/;
export const isJobId = (value: unknown): value is string => typeof value === 'string' && JOB_ID.test(value);

export const appMethods = {
  'app/info': method<AppInfo>()(z.object({})),
  /** Stops a long operation the caller started with this job id; nothing it did is kept. */
  'job/cancel': method<{ cancelled: boolean }>()(z.object({ jobId: z.string().regex(JOB_ID) })),
  /** The shell's open dialog (Electron only): a token per chosen file, none when cancelled. */
  'file/choose': method<ChosenFile[]>()(z.object({ purpose: z.enum(FILE_PURPOSES), multiple: z.boolean().default(false) })),
} as const;
