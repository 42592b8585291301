// Calls through the core's one door, `dispatch`, as every front end makes them: the zod check, the
// machine's role and the handler all on the way. `ok` fails the test on a refusal; `refusal` on success.
import assert from 'node:assert/strict';
import type { AppCore } from '../electron/core/app.js';
import type { CallContext, Input, Method, Output } from '../shared/contract.js';
import type { AppErrorShape } from '../shared/errors.js';

/** `actor` is the caller's name, or the whole call context (a job's progress and id besides). */
export async function ok<M extends Method>(app: AppCore, method: M, input: Input<M>, actor: string | CallContext = 'Tổ thư ký'): Promise<Output<M>> {
  const r = await app.dispatch(method, input, typeof actor === 'string' ? { actor } : actor);
  if (!r.ok) assert.fail(`${method} refused: ${r.error.code} ${r.error.message}`);
  return r.value as Output<M>;
}

/** The refusal a call gets; `input` is unknown so that a test can send what the contract does not allow. */
export async function refusal(app: AppCore, method: Method, input: unknown, actor = 'Tổ thư ký'): Promise<AppErrorShape> {
  const r = await app.dispatch(method, input, { actor });
  if (r.ok) assert.fail(`${method} should be refused, answered ${JSON.stringify(r.value).slice(0, 200)}`);
  return r.error;
}
