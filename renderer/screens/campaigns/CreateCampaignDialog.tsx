// A new campaign from the bundled criteria set or as a copy of an existing campaign.

import { useState, type FormEvent } from 'react';
import { Modal } from '../../components/Modal.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';

export function CreateCampaignDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const campaigns = useStore((s) => s.campaigns);
  const currentId = useStore((s) => s.campaignId);
  const createCampaign = useStore((s) => s.createCampaign);
  const [name, setName] = useState('');
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [issuer, setIssuer] = useState(campaigns.find((c) => c.id === currentId)?.issuer ?? '');
  const [source, setSource] = useState<'bundled' | 'campaign'>('bundled');
  const [sourceId, setSourceId] = useState<number | null>(currentId ?? campaigns[0]?.id ?? null);
  const [copyUnits, setCopyUnits] = useState(true);
  const [working, setWorking] = useState(false);

  const yearNumber = Number(year);
  const yearValid = /^\d{4}$/.test(year.trim()) && yearNumber >= 2000 && yearNumber <= 2100;
  const valid = name.trim() !== '' && yearValid && (source === 'bundled' || sourceId !== null);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!valid || working) return;
    setWorking(true);
    const ok = await createCampaign({
      name: name.trim(),
      year: yearNumber,
      issuer: issuer.trim(),
      template:
        source === 'campaign' && sourceId !== null
          ? { kind: 'campaign', campaignId: sourceId, copyUnits }
          : { kind: 'bundled' },
    });
    setWorking(false);
    if (ok) onClose();
  };

  return (
    <Modal
      title={t('create.title')}
      testId="create-dialog"
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="create-form" className="primary" disabled={!valid || working} data-testid="create-submit">
            {t('create.submit')}
          </button>
        </>
      }
    >
      <form id="create-form" className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>{t('create.name')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('create.namePlaceholder')} autoFocus data-testid="create-name" />
        </label>
        <label className="field field-short">
          <span>{t('create.year')}</span>
          <input value={year} onChange={(e) => setYear(e.target.value)} inputMode="numeric" aria-invalid={!yearValid} data-testid="create-year" />
          {!yearValid && <span className="field-error">{t('create.yearInvalid')}</span>}
        </label>
        <label className="field">
          <span>{t('create.issuer')}</span>
          <input value={issuer} onChange={(e) => setIssuer(e.target.value)} placeholder={t('create.issuerPlaceholder')} data-testid="create-issuer" />
        </label>
        <fieldset className="field">
          <legend>{t('create.template')}</legend>
          <label className="radio">
            <input type="radio" name="template" checked={source === 'bundled'} onChange={() => setSource('bundled')} data-testid="create-template-bundled" />
            {t('create.templateBundled')}
          </label>
          <label className="radio">
            <input
              type="radio"
              name="template"
              checked={source === 'campaign'}
              onChange={() => setSource('campaign')}
              disabled={campaigns.length === 0}
              data-testid="create-template-campaign"
            />
            {t('create.templateCopy')}
          </label>
          {source === 'campaign' && (
            <div className="indent">
              <select value={sourceId ?? ''} onChange={(e) => setSourceId(Number(e.target.value))} data-testid="create-source">
                {campaigns.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
              <label className="checkbox">
                <input type="checkbox" checked={copyUnits} onChange={(e) => setCopyUnits(e.target.checked)} data-testid="create-copy-units" />
                {t('create.copyUnits')}
              </label>
            </div>
          )}
        </fieldset>
      </form>
    </Modal>
  );
}
