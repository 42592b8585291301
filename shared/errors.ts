// Errors that cross process boundaries. Electron's own error serialisation loses the type,
// so every reply travels in an { ok, value | error } envelope.

export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'import_invalid'
  | 'out_of_range'
  /** A score that differs from the self-score or a member's proposal was sent without a reason. */
  | 'reason_required'
  | 'not_leaf'
  | 'locked'
  | 'conflict'
  | 'db_too_new'
  | 'forbidden'
  /** The user cancelled a long operation; nothing was written. */
  | 'cancelled'
  | 'internal';

/** One problem in an imported file, located as a person would find it in the spreadsheet. */
export interface ImportIssue {
  sheet: string;
  /** Spreadsheet row number (1-based, as shown by Excel), null for the sheet as a whole. */
  row: number | null;
  /** Column letter and header, e.g. "D (Thẩm định)", null for a whole row or sheet. */
  column: string | null;
  message: string;
}

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  issues?: ImportIssue[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: ImportIssue[] | undefined;
  constructor(code: ErrorCode, message: string, issues?: ImportIssue[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = issues;
  }
  toShape(): AppErrorShape {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export function describeIssue(issue: ImportIssue): string {
  const where = [`Trang "${issue.sheet}"`];
  if (issue.row !== null) where.push(`dòng ${issue.row}`);
  if (issue.column !== null) where.push(`cột ${issue.column}`);
  return `${where.join(', ')}: ${issue.message}`;
}
