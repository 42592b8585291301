// The renderer's one door to the main side: a typed invoke over either the Electron preload
// (window.parApi) or the browser host's HTTP API. Both answer with the Reply envelope.

import type { Input, Method, Output, Progress } from '../../shared/contract.js';
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

async function send(method: Method, input: unknown, jobId?: string): Promise<Reply<unknown>> {
  if (window.parApi) return jobId === undefined ? window.parApi.invoke(method, input) : window.parApi.invoke(method, input, jobId);
  token ??= readToken();
  let response: Response;
  try {
    response = await fetch('/api/' + method, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-par-token': token, ...(jobId === undefined ? {} : { 'x-par-job': jobId }) },
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

/** For a long operation: its progress as it comes, and a signal whose abort cancels it (`job/cancel`). */
export interface JobOptions {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

type ProgressListener = (jobId: string, progress: Progress) => void;
const progressListeners = new Set<ProgressListener>();
let progressSource: (() => void) | null = null;

/** One progress feed per page: the preload's onProgress in Electron, Server-Sent Events from the browser host. */
function listenToProgress(listener: ProgressListener): () => void {
  progressListeners.add(listener);
  if (!progressSource) {
    const fanOut: ProgressListener = (jobId, progress) => progressListeners.forEach((l) => l(jobId, progress));
    if (window.parApi) {
      progressSource = window.parApi.onProgress(fanOut);
    } else {
      token ??= readToken();
      const events = new EventSource(`/api/events?t=${encodeURIComponent(token)}`);
      events.addEventListener('progress', (event) => {
        const data = JSON.parse((event as MessageEvent<string>).data) as { jobId: string; progress: Progress };
        fanOut(data.jobId, data.progress);
      });
      progressSource = () => events.close();
    }
  }
  return () => {
    progressListeners.delete(listener);
    // The feed stays open while another long call listens.
    if (progressListeners.size === 0 && progressSource) {
      progressSource();
      progressSource = null;
    }
  };
}

let jobSeq = 0;
const newJobId = (): string => `job-${Date.now().toString(36)}-${(jobSeq++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * Calls one contract method. With `options`, the call is a job: it carries an id, its progress reaches
 * `onProgress`, and aborting `signal` asks the core to cancel it (the call then fails with code `cancelled`).
 */
export async function invoke<M extends Method>(method: M, input: Input<M>, options?: JobOptions): Promise<Output<M>> {
  if (!options) return unwrap<M>(await send(method, input));
  const jobId = newJobId();
  const { onProgress, signal } = options;
  const stop = onProgress ? listenToProgress((id, progress) => id === jobId && onProgress(progress)) : () => undefined;
  const cancel = () => void send('job/cancel', { jobId }).catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    if (signal?.aborted) throw new ApiError('cancelled', 'cancelled');
    return unwrap<M>(await send(method, input, jobId));
  } finally {
    signal?.removeEventListener('abort', cancel);
    stop();
  }
}

function unwrap<M extends Method>(reply: Reply<unknown>): Output<M> {
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

/** Where one of the app's backup archives is downloaded from (same doors as evidence files). */
export function backupUrl(name: string): string {
  if (window.parApi) return `app://par/backup/${encodeURIComponent(name)}`;
  token ??= readToken();
  return `/backup/${encodeURIComponent(name)}?t=${encodeURIComponent(token)}`;
}
/** Where an exported evidence bundle (.parevd) is downloaded from (same doors as backups). */
export function bundleUrl(name: string): string {
  if (window.parApi) return `app://par/bundle/${encodeURIComponent(name)}`;
  token ??= readToken();
  return `/bundle/${encodeURIComponent(name)}?t=${encodeURIComponent(token)}`;
}
/** Where a file a job exported (an annex) is downloaded from (same doors as backups). */
export function exportUrl(name: string): string {
  if (window.parApi) return `app://par/export/${encodeURIComponent(name)}`;
  token ??= readToken();
  return `/export/${encodeURIComponent(name)}?t=${encodeURIComponent(token)}`;
}
