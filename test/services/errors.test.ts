// A refusal crosses the door as code + catalogue key + params + the Vietnamese sentence rendered from them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp } from '../../electron/core/app.js';
import { tempDir } from '../helpers.js';

test('a not-found through dispatch carries code, key, params and the Vietnamese message', async () => {
  const t = tempDir();
  const app = openApp({ dataDir: t.dir, host: 'browser' });
  try {
    const campaignId = app.services.campaigns.list()[0]!.id;
    const unit = await app.dispatch('unit/delete', { campaignId, code: 'KHONG' }, { actor: 'test' });
    assert.deepEqual(unit, {
      ok: false,
      error: { code: 'not_found', key: 'unit.notFound', params: { unitCode: 'KHONG' }, message: 'Không tìm thấy đơn vị "KHONG" trong đợt đánh giá.' },
    });

    const unitCode = app.services.repos.units.list(campaignId)[0]!.code;
    const criterion = await app.dispatch('score/set', { campaignId, unitCode, criterionCode: '9.9.9', pointsMilli: 500 }, { actor: 'test' });
    assert.deepEqual(criterion, {
      ok: false,
      error: { code: 'not_found', key: 'criterion.notFound', params: { criterionCode: '9.9.9' }, message: 'Không tìm thấy tiêu chí "9.9.9" trong bộ tiêu chí của đợt.' },
    });

    const campaign = await app.dispatch('unit/delete', { campaignId: 999, code: 'X' }, { actor: 'test' });
    assert.ok(!campaign.ok);
    assert.equal(campaign.error.key, 'campaign.notFound');
    assert.deepEqual(campaign.error.params, { campaignId: 999 });
    assert.equal(campaign.error.message, 'Không tìm thấy đợt đánh giá số 999.');
  } finally {
    app.close();
    t.cleanup();
  }
});
