// The campaign's index rules: whether bonus points may lift an index past 100 %, and how ties rank.
// Provinces differ on both, so each campaign sets them; every ranking, sheet and annex follows them.

import { useState } from 'react';
import type { Campaign, IndexRules, TieRanking } from '../../../shared/domain.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';

export function IndexRulesForm({ campaign }: { campaign: Campaign }) {
  const t = useT();
  const setIndexRules = useStore((s) => s.setIndexRules);
  const [rules, setRules] = useState<IndexRules>(campaign.indexRules);
  const [working, setWorking] = useState(false);
  const locked = campaign.status === 'final';
  const dirty = rules.capIndex !== campaign.indexRules.capIndex || rules.tieRanking !== campaign.indexRules.tieRanking;

  const save = async () => {
    setWorking(true);
    await setIndexRules(rules);
    setWorking(false);
  };

  return (
    <section className="subpanel index-rules" data-testid="index-rules">
      <div className="toolbar">
        <h2 className="section-title">{t('indexRules.title')}</h2>
        <span className="toolbar-spacer" />
        <button type="button" onClick={() => setRules(campaign.indexRules)} disabled={!dirty || working}>
          {t('common.revert')}
        </button>
        <button type="button" className="primary" onClick={() => void save()} disabled={!dirty || working || locked} data-testid="index-rules-save">
          {t('common.save')}
        </button>
      </div>
      <div className="index-rules-fields">
        <label className="field">
          <span>{t('indexRules.cap')}</span>
          <select
            value={rules.capIndex ? 'yes' : 'no'}
            onChange={(e) => setRules((r) => ({ ...r, capIndex: e.target.value === 'yes' }))}
            disabled={locked}
            data-testid="index-rules-cap"
          >
            <option value="yes">{t('indexRules.cap.yes')}</option>
            <option value="no">{t('indexRules.cap.no')}</option>
          </select>
          <small className="hint">{t('indexRules.capHint')}</small>
        </label>
        <label className="field">
          <span>{t('indexRules.tie')}</span>
          <select
            value={rules.tieRanking}
            onChange={(e) => setRules((r) => ({ ...r, tieRanking: e.target.value as TieRanking }))}
            disabled={locked}
            data-testid="index-rules-tie"
          >
            <option value="competition">{t('indexRules.tie.competition')}</option>
            <option value="dense">{t('indexRules.tie.dense')}</option>
          </select>
          <small className="hint">{t('indexRules.tieHint')}</small>
        </label>
      </div>
      {locked && <p className="hint" data-testid="index-rules-locked">{t('indexRules.locked')}</p>}
    </section>
  );
}
