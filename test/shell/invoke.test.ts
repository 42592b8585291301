import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CallContext } from '../../shared/contract.js';
import type { Reply } from '../../shared/errors.js';
import { routeInvoke, type Dispatcher } from '../../electron/shell/invoke.js';
import { shellText } from '../../electron/shell/messages.js';
import { INVOKE_CHANNEL } from '../../electron/shell/channel.js';

interface Call {
  method: string;
  input: unknown;
  ctx: CallContext;
}

function fakeCore(reply: Reply<unknown> | Error = { ok: true, value: 'done' }): Dispatcher & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    dispatch(method, input, ctx) {
      calls.push({ method, input, ctx });
      return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply);
    },
  };
}

const trusted = { fromOurWindow: true, frame: { url: 'app://par/index.html', isMainFrame: true } };
const text = shellText('vi');

describe('par:invoke', () => {
  it('is the one channel', () => {
    assert.equal(INVOKE_CHANNEL, 'par:invoke');
  });

  it('passes a contract call from our window to the core, with the actor', async () => {
    const core = fakeCore({ ok: true, value: [] });
    const reply = await routeInvoke({ core, text, actor: 'thu.ky' }, trusted, 'campaign/list', {});
    assert.deepEqual(reply, { ok: true, value: [] });
    assert.deepEqual(core.calls, [{ method: 'campaign/list', input: {}, ctx: { actor: 'thu.ky' } }]);
  });

  it('returns the core’s error envelope unchanged', async () => {
    const error = { ok: false as const, error: { code: 'not_found' as const, message: 'Không tìm thấy đợt đánh giá.' } };
    const reply = await routeInvoke({ core: fakeCore(error), text, actor: 'a' }, trusted, 'campaign/get', { campaignId: 9 });
    assert.deepEqual(reply, error);
  });

  it('refuses an untrusted sender in Vietnamese, without touching the core', async () => {
    const core = fakeCore();
    const logged: string[] = [];
    for (const sender of [
      { ...trusted, fromOurWindow: false },
      { ...trusted, frame: null },
      { ...trusted, frame: { url: 'app://par/index.html', isMainFrame: false } },
      { ...trusted, frame: { url: 'https://evil.example/', isMainFrame: true } },
    ]) {
      const reply = await routeInvoke({ core, text, actor: 'a', log: (m) => logged.push(m) }, sender, 'campaign/list', {});
      assert.equal(reply.ok, false);
      if (!reply.ok) {
        assert.equal(reply.error.code, 'forbidden');
        assert.match(reply.error.message, /từ chối/);
      }
    }
    assert.equal(core.calls.length, 0);
    assert.equal(logged.length, 4);
  });

  it('refuses names outside the contract', async () => {
    const core = fakeCore();
    for (const method of ['fs/readFile', 'constructor', '__proto__', 'toString', 42, null, 'x\u0000y']) {
      const reply = await routeInvoke({ core, text, actor: 'a' }, trusted, method, {});
      assert.equal(reply.ok, false, String(method));
      if (!reply.ok) assert.equal(reply.error.code, 'invalid_input');
    }
    assert.equal(core.calls.length, 0);
  });

  it('still answers with an envelope if the core throws', async () => {
    const reply = await routeInvoke({ core: fakeCore(new Error('boom')), text, actor: 'a' }, trusted, 'app/info', {});
    assert.deepEqual(reply, { ok: false, error: { code: 'internal', message: text.internal } });
  });
});
