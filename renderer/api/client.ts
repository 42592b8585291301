// The renderer's one door to the main side: a typed invoke over either the Electron preload
// (window.parApi) or the browser host's HTTP API. Both answer with the Reply envelope.

import type { Input, Method, Output } from '../../shared/contract.js';
import type { AppErrorShape, ErrorCode, ImportIssue, Reply } from '../../shared/errors.js';

/** A failed call, with the server's Vietnamese message and, for imports, every problem found. */
export class ApiError extends Error {
  readonly code: ErrorCode | 'network';
  readonly issues: ImportIssue[];
  constructor(code: ErrorCode | 'network', message: string, issues: ImportIssue[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.issues = issues;
  }
}

const TOKEN_KEY = 'par.token';

/** Reads the host token from `?t=` once, keeps it for reloads, and takes it out of the address bar. */
function readToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('t');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('t');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

let token: string | null = null;

function isReply(value: unknown): value is Reply<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const ok = (value as { ok: unknown }).ok;
  return ok === true ? 'value' in value : ok === false && 'error' in value;
}

async function send(method: Method, input: unknown): Promise<Reply<unknown>> {
  if (window.parApi) return window.parApi.invoke(method, input);
  token ??= readToken();
  let response: Response;
  try {
    response = await fetch('/api/' + method, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-par-token': token },
      body: JSON.stringify(input),
    });
  } catch (cause) {
    throw new ApiError('network', cause instanceof Error ? cause.message : String(cause));
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiError('network', `HTTP ${response.status}`);
  }
  if (!isReply(body)) throw new ApiError('network', `HTTP ${response.status}`);
  return body;
}

function toError(shape: AppErrorShape): ApiError {
  return new ApiError(shape.code, shape.message, shape.issues ?? []);
}

export async function invoke<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
  const reply = await send(method, input);
  if (!isReply(reply)) throw new ApiError('internal', 'Invalid reply');
  if (!reply.ok) throw toError(reply.error);
  return reply.value as Output<M>;
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** True inside the Electron shell (the preload is present), false against the browser host. */
export function inElectron(): boolean {
  return window.parApi !== undefined;
}

/**
 * Where a stored evidence file is read from for previews and downloads: the shell's app:// protocol,
 * or the browser host's /evidence route guarded by the same per-run token as the API.
 */
export function evidenceUrl(evidenceId: number): string {
  if (window.parApi) return `app://par/evidence/${evidenceId}`;
  token ??= readToken();
  return `/evidence/${evidenceId}?t=${encodeURIComponent(token)}`;
}

// ——— Backup ———
/** Where one of the app's backup archives is downloaded from (same doors as evidence files). */
export function backupUrl(name: string): string {
  if (window.parApi) return `app://par/backup/${encodeURIComponent(name)}`;
  token ??= readToken();
  return `/backup/${encodeURIComponent(name)}?t=${encodeURIComponent(token)}`;
}
// ——— end of backup ———
// ——— Evidence bundle ———
/** Where an exported evidence bundle (.parevd) is downloaded from (same doors as backups). */
export function bundleUrl(name: string): string {
  if (window.parApi) return `app://par/bundle/${encodeURIComponent(name)}`;
  token ??= readToken();
  return `/bundle/${encodeURIComponent(name)}?t=${encodeURIComponent(token)}`;
}
// ——— end of evidence bundle ———
