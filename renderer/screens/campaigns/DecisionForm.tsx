// The campaign's name and the decision that will publish its results (number, date, issuer).

import { useState, type FormEvent } from 'react';
import type { Campaign } from '../../../shared/domain.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { DateInput } from '../../components/DateInput.js';

export function DecisionForm({ campaign }: { campaign: Campaign }) {
  const t = useT();
  const updateCampaign = useStore((s) => s.updateCampaign);
  const [name, setName] = useState(campaign.name);
  const [year, setYear] = useState(String(campaign.year));
  const [issuer, setIssuer] = useState(campaign.issuer);
  const [decisionNo, setDecisionNo] = useState(campaign.decisionNo);
  const [decisionDate, setDecisionDate] = useState<string | null>(campaign.decisionDate);
  const [working, setWorking] = useState(false);

  const yearNumber = Number(year);
  const yearValid = /^\d{4}$/.test(year.trim()) && yearNumber >= 2000 && yearNumber <= 2100;
  const valid = name.trim() !== '' && yearValid && decisionDate !== null;
  const dirty =
    name !== campaign.name ||
    year !== String(campaign.year) ||
    issuer !== campaign.issuer ||
    decisionNo !== campaign.decisionNo ||
    decisionDate !== campaign.decisionDate;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!valid || working) return;
    setWorking(true);
    if (decisionDate === null) return;
    await updateCampaign({
      campaignId: campaign.id,
      name: name.trim(),
      year: yearNumber,
      issuer: issuer.trim(),
      decisionNo: decisionNo.trim(),
      decisionDate,
    });
    setWorking(false);
  };

  return (
    <form className="form form-grid" onSubmit={(e) => void submit(e)} data-testid="decision-form">
      <label className="field span-2">
        <span>{t('create.name')}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid="decision-name" />
      </label>
      <label className="field">
        <span>{t('create.year')}</span>
        <input value={year} onChange={(e) => setYear(e.target.value)} inputMode="numeric" aria-invalid={!yearValid} data-testid="decision-year" />
      </label>
      <label className="field span-2">
        <span>{t('create.issuer')}</span>
        <input value={issuer} onChange={(e) => setIssuer(e.target.value)} placeholder={t('create.issuerPlaceholder')} data-testid="decision-issuer" />
      </label>
      <label className="field row-start">
        <span>{t('decision.number')}</span>
        <input value={decisionNo} onChange={(e) => setDecisionNo(e.target.value)} placeholder={t('decision.numberPlaceholder')} data-testid="decision-no" />
      </label>
      <label className="field">
        <span>{t('decision.date')}</span>
        <DateInput value={campaign.decisionDate} onChange={setDecisionDate} label={t('decision.date')} testId="decision-date" />
      </label>
      <div className="form-actions span-3">
        <button type="submit" className="primary" disabled={!valid || !dirty || working} data-testid="decision-save">
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
