// The decision's annexes: Phụ lục I (ranking), II (component indices), III (per-unit sheets) or all,
// as .xlsx or .pdf, with the decision's number, date and issuer prefilled from the campaign.

import { useState, type FormEvent } from 'react';
import type { Input } from '../../../shared/contract.js';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { DateInput } from '../../components/DateInput.js';
import { messageText, useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import type { Message } from '../../store/uiSlice.js';

type Annex = NonNullable<Input<'annex/export'>['annex']>;
type Format = NonNullable<Input<'annex/export'>['format']>;

const ANNEXES: ReadonlyArray<{ value: Annex; label: MessageKey; hint: MessageKey }> = [
  { value: 'I', label: 'annex.I', hint: 'annex.IHint' },
  { value: 'II', label: 'annex.II', hint: 'annex.IIHint' },
  { value: 'III', label: 'annex.III', hint: 'annex.IIIHint' },
  { value: 'all', label: 'annex.all', hint: 'annex.allHint' },
];
const FORMATS: ReadonlyArray<{ value: Format; label: MessageKey }> = [
  { value: 'xlsx', label: 'annex.xlsx' },
  { value: 'pdf', label: 'annex.pdf' },
];

export function AnnexTab() {
  const t = useT();
  const campaign = useStore((s) => s.detail?.campaign);
  const exportAnnex = useStore((s) => s.exportAnnex);
  const busy = useStore((s) => s.busy.length > 0);
  const [annex, setAnnex] = useState<Annex>('I');
  const [format, setFormat] = useState<Format>('xlsx');
  const [decisionNo, setDecisionNo] = useState(campaign?.decisionNo ?? '');
  const [decisionDate, setDecisionDate] = useState<string | null>(campaign?.decisionDate ?? '');
  const [issuer, setIssuer] = useState(campaign?.issuer ?? '');
  const [failure, setFailure] = useState<Message | null>(null);
  const [working, setWorking] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (decisionDate === null || working) return;
    setWorking(true);
    setFailure(null);
    try {
      const result = await exportAnnex({ annex, format, decisionNo: decisionNo.trim(), decisionDate, issuer: issuer.trim() });
      if (!result.ok) setFailure(result.message);
    } finally {
      setWorking(false);
    }
  };

  return (
    <form className="annex-tab" onSubmit={(e) => void submit(e)} data-testid="annex-form">
      <div className="annex-choices">
        <fieldset className="panel subpanel annex-fieldset">
          <legend className="section-title">{t('annex.which')}</legend>
          {ANNEXES.map((a) => (
            <label key={a.value} className="radio annex-option">
              <input type="radio" name="annex" value={a.value} checked={annex === a.value} onChange={() => setAnnex(a.value)} data-testid={`annex-kind-${a.value}`} />
              <span>
                <span className="strong">{t(a.label)}</span>
                <span className="hint">{t(a.hint)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset className="panel subpanel annex-fieldset">
          <legend className="section-title">{t('annex.format')}</legend>
          {FORMATS.map((f) => (
            <label key={f.value} className="radio">
              <input type="radio" name="format" value={f.value} checked={format === f.value} onChange={() => setFormat(f.value)} data-testid={`annex-format-${f.value}`} />
              {t(f.label)}
            </label>
          ))}
          <p className="hint">{t('annex.formatHint')}</p>
        </fieldset>
      </div>
      <fieldset className="panel subpanel annex-fieldset">
        <legend className="section-title">{t('annex.decision')}</legend>
        <p className="hint">{t('annex.decisionHint')}</p>
        <div className="annex-form">
          <label className="field">
            <span>{t('decision.number')}</span>
            <input value={decisionNo} onChange={(e) => setDecisionNo(e.target.value)} placeholder={t('decision.numberPlaceholder')} data-testid="annex-decision-no" />
          </label>
          <label className="field">
            <span>{t('decision.date')}</span>
            <DateInput value={campaign?.decisionDate ?? ''} onChange={setDecisionDate} label={t('decision.date')} testId="annex-decision-date" />
          </label>
          <label className="field grow">
            <span>{t('create.issuer')}</span>
            <input value={issuer} onChange={(e) => setIssuer(e.target.value)} placeholder={t('create.issuerPlaceholder')} data-testid="annex-issuer" />
          </label>
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || working || decisionDate === null} data-testid="export-annex">
          {t('annex.export', { annex: t(ANNEXES.find((a) => a.value === annex)?.label ?? 'annex.I'), format: format === 'pdf' ? '.pdf' : '.xlsx' })}
        </button>
      </div>
      {failure && (
        <div className="issues" role="alert" data-testid="annex-error">
          <div className="issues-head">
            <strong>{t('annex.failed')}</strong>
            <span className="toolbar-spacer" />
            <button type="button" className="link" onClick={() => setFailure(null)}>
              {t('common.close')}
            </button>
          </div>
          <p className="issues-message" data-testid="annex-error-message">
            {messageText(t, failure)}
          </p>
          <p className="issues-hint">{t('annex.failedHint')}</p>
        </div>
      )}
    </form>
  );
}
