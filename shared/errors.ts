// Errors that cross process boundaries. Electron's own error serialisation loses the type,
// so every reply travels in an { ok, value | error } envelope. The wording comes from the backend
// catalogue (shared/messages): an error is a code, a key and its params; `message` is rendered from them.

import { isMessageKey, renderMessage, type HasNoParams, type MessageKey, type MessageParams, type ParamsOf } from './messages/index.js';

export type { MessageKey, MessageParams } from './messages/index.js';
export { renderMessage } from './messages/index.js';

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
  /** The Vietnamese sentence, rendered from key + params; what every door shows today. */
  message: string;
  /**
   * The catalogue key and params the message was rendered from, so a renderer can word it itself.
   * Absent only on envelopes written outside the core (the shell's and host's own refusals).
   */
  key?: MessageKey;
  params?: MessageParams;
  issues?: ImportIssue[];
}

/** A key's params as a rest argument: required when its text has placeholders, else optional and empty. */
export type KeyParams<K extends MessageKey> = HasNoParams<K> extends true ? [params?: Readonly<Record<string, never>>] : [params: ParamsOf<K>];

/** What follows the key in `new AppError`: its params, then the import issues. */
type MessageArgs<K extends MessageKey> =
  HasNoParams<K> extends true ? [params?: Readonly<Record<string, never>>, issues?: ImportIssue[]] : [params: ParamsOf<K>, issues?: ImportIssue[]];

/**
 * A sentence written in place instead of a key: accepted only while the last files move to keys
 * (test/unit/error-catalogue.test.ts lists them). Keys never contain a space, so a mistyped key is
 * still a type error rather than a sentence.
 */
type UnkeyedText = `${string} ${string}`;

export class AppError<K extends MessageKey = MessageKey> extends Error {
  readonly code: ErrorCode;
  readonly key: MessageKey;
  readonly params: MessageParams;
  readonly issues: ImportIssue[] | undefined;
  constructor(code: ErrorCode, key: K, ...args: MessageArgs<K>);
  constructor(code: ErrorCode, message: UnkeyedText, issues?: ImportIssue[]);
  constructor(code: ErrorCode, keyOrText: string, paramsOrIssues?: MessageParams | ImportIssue[], issues?: ImportIssue[]) {
    const keyed = isMessageKey(keyOrText);
    const key: MessageKey = keyed ? keyOrText : 'unkeyed';
    const params: MessageParams = keyed ? ((paramsOrIssues as MessageParams | undefined) ?? {}) : { text: keyOrText };
    super(renderMessage(key, params));
    this.name = 'AppError';
    this.code = code;
    this.key = key;
    this.params = params;
    this.issues = keyed ? issues : (paramsOrIssues as ImportIssue[] | undefined);
  }
  /** Rebuilds an error that crossed a thread or process boundary as its shape, keeping key and params. */
  static fromShape(shape: AppErrorShape): AppError {
    const Raw = AppError as unknown as new (code: ErrorCode, key: string, params: MessageParams, issues?: ImportIssue[]) => AppError;
    return shape.key ? new Raw(shape.code, shape.key, shape.params ?? {}, shape.issues) : new Raw(shape.code, 'unkeyed', { text: shape.message }, shape.issues);
  }
  toShape(): AppErrorShape {
    const shape: AppErrorShape = { code: this.code, message: this.message, key: this.key, params: this.params };
    return this.issues ? { ...shape, issues: this.issues } : shape;
  }
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export function describeIssue(issue: ImportIssue): string {
  const where = [`Trang "${issue.sheet}"`];
  if (issue.row !== null) where.push(`dòng ${issue.row}`);
  if (issue.column !== null) where.push(`cột ${issue.column}`);
  return `${where.join(', ')}: ${issue.message}`;
}
