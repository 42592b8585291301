// What a person reads when the app cannot start: Vietnamese text for the error dialog, built
// without Electron so it is tested.

import { AppError } from '../../shared/errors.js';
import type { ShellText } from './messages.js';
import type { NativeProblem } from './paths.js';

export interface StartupDialog {
  title: string;
  message: string;
  detail: string;
}

/**
 * An AppError (e.g. db_too_new: the database comes from a newer version) already speaks to the
 * user; anything else gets the generic message, with the technical text as detail for support.
 */
export function describeStartupError(err: unknown, text: ShellText): StartupDialog {
  if (err instanceof AppError) {
    return { title: text.startupFailedTitle, message: err.message, detail: `(${err.code})` };
  }
  const technical = err instanceof Error ? err.message : String(err);
  return { title: text.startupFailedTitle, message: text.startupFailedMessage, detail: technical };
}

export function describeNativeProblem(
  problem: NativeProblem,
  text: ShellText,
  where: { isPackaged: boolean; bindingPath: string },
): StartupDialog {
  const message =
    problem.kind === 'mismatch'
      ? text.nativeMismatch(problem.builtFor, problem.running)
      : where.isPackaged
        ? text.nativeMissingPackaged
        : text.nativeMissingDev(where.bindingPath);
  return { title: text.startupFailedTitle, message, detail: where.bindingPath };
}
