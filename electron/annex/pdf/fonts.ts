// Finds the shipped Liberation Serif fonts (metric-compatible with Times New Roman, full Vietnamese
// coverage) wherever the code runs: from source, from the CLI bundle, or from the packaged app.

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../shared/errors.js';

export const FONT_FILES = {
  regular: 'LiberationSerif-Regular.ttf',
  bold: 'LiberationSerif-Bold.ttf',
  italic: 'LiberationSerif-Italic.ttf',
  boldItalic: 'LiberationSerif-BoldItalic.ttf',
} as const;

export type FontFace = keyof typeof FONT_FILES;

const complete = (dir: string) => Object.values(FONT_FILES).every((file) => existsSync(join(dir, file)));

/** Where to look, best first. */
export function fontDirCandidates(): string[] {
  const out: string[] = [];
  // Packaged Electron: electron-builder's extraResources put assets/fonts beside app.asar.
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) out.push(join(resourcesPath, 'assets', 'fonts'));
  // From source (electron/annex/pdf/) or a bundle (dist/cli.mjs, dist/main.mjs): the nearest
  // assets/fonts walking up from this module.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    out.push(join(dir, 'assets', 'fonts'));
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  out.push(join(process.cwd(), 'assets', 'fonts'));
  return out;
}

/** The font folder: `explicit` when given (and complete), otherwise the first complete candidate. */
export function resolveFontDir(explicit?: string): string {
  if (explicit !== undefined) {
    const dir = resolve(explicit);
    if (complete(dir)) return dir;
    throw new AppError('not_found', 'fonts.missingFiles', { dir, files: Object.values(FONT_FILES).join(', ') });
  }
  const found = fontDirCandidates().find(complete);
  if (found) return found;
  throw new AppError(
    'not_found',
    'fonts.notFound',
  );
}
