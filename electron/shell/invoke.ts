// What happens to one call arriving on par:invoke, with Electron taken out: check the sender, check
// the method name, hand it to the core, always answer with the { ok, value | error } envelope.

import { isJobId, isMethod, type CallContext, type Progress } from '../../shared/contract.js';
import type { Reply } from '../../shared/errors.js';
import { isTrustedSender, type SenderFacts } from './policy.js';
import type { ShellText } from './messages.js';

/** The part of the core the IPC door needs (AppCore from electron/core/app.ts fits). */
export interface Dispatcher {
  dispatch(method: string, input: unknown, ctx: CallContext): Promise<Reply<unknown>>;
}

export interface InvokeOptions {
  core: Dispatcher;
  text: Pick<ShellText, 'forbidden' | 'unknownMethod' | 'internal'>;
  actor: string;
  /** Called with refused or failed calls, for the main process log. */
  log?: (message: string) => void;
}

function printable(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters must not reach a message
  return name.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 80);
}

/**
 * A long call names itself with `jobId`; its progress goes to `sendProgress` (the calling page), and
 * `job/cancel { jobId }` stops it.
 */
export async function routeInvoke(
  options: InvokeOptions,
  sender: SenderFacts,
  method: unknown,
  input: unknown,
  jobId?: unknown,
  sendProgress?: (jobId: string, progress: Progress) => void,
): Promise<Reply<unknown>> {
  const { core, text, actor, log } = options;
  if (!isTrustedSender(sender)) {
    log?.(`par:invoke refused: untrusted sender ${sender.frame?.url ?? '(no frame)'}`);
    return { ok: false, error: { code: 'forbidden', message: text.forbidden } };
  }
  if (typeof method !== 'string' || !isMethod(method)) {
    const name = typeof method === 'string' ? printable(method) : typeof method;
    log?.(`par:invoke refused: unknown method ${name}`);
    return { ok: false, error: { code: 'invalid_input', message: text.unknownMethod(name) } };
  }
  try {
    const ctx: CallContext = isJobId(jobId) ? { actor, jobId, ...(sendProgress ? { progress: (p: Progress) => sendProgress(jobId, p) } : {}) } : { actor };
    return await core.dispatch(method, input, ctx);
  } catch (err) {
    // dispatch promises never to throw; if it does anyway, the renderer still gets an envelope.
    log?.(`par:invoke ${method} threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return { ok: false, error: { code: 'internal', message: text.internal } };
  }
}
