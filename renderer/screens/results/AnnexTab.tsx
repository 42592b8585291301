// The decision's annexes: Phụ lục I (ranking), II (component indices), III (per-unit sheets) or all,
// as .xlsx or .pdf, with the decision's number, date and issuer prefilled from the campaign.

import { useEffect, useState, type FormEvent } from 'react';
import { completenessOf, type Ranking } from '../../../shared/calc.js';
import type { Input } from '../../../shared/contract.js';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { DateInput } from '../../components/DateInput.js';
import { Modal } from '../../components/Modal.js';
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
  const detail = useStore((s) => s.detail);
  const exportAnnex = useStore((s) => s.exportAnnex);
  const busy = useStore((s) => s.busy.length > 0);
  const [annex, setAnnex] = useState<Annex>('I');
  const [format, setFormat] = useState<Format>('xlsx');
  const [decisionNo, setDecisionNo] = useState(campaign?.decisionNo ?? '');
  const [decisionDate, setDecisionDate] = useState<string | null>(campaign?.decisionDate ?? '');
  const [issuer, setIssuer] = useState(campaign?.issuer ?? '');
  const [failure, setFailure] = useState<Message | null>(null);
  const [working, setWorking] = useState(false);
  const signing = useAnnexSigning();

  const ranking = useStore((s) => s.ranking);
  const [draftAsked, setDraftAsked] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (decisionDate === null || working) return;
    // Not finalised: the annex will be a DỰ THẢO; say what is missing before writing it.
    if (ranking?.provisional && !draftAsked) {
      setDraftAsked(true);
      return;
    }
    await run();
  };

  const run = async () => {
    if (decisionDate === null) return;
    setDraftAsked(false);
    setWorking(true);
    setFailure(null);
    try {
      const fields = { annex, format, decisionNo: decisionNo.trim(), decisionDate, issuer: issuer.trim() };
      const result = signing.on ? await signing.sign(fields) : await exportAnnex(fields);
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
          {detail && detail.sets.length > 1 && (
            <p className="hint" data-testid="annex-sets">
              {t('annex.setsHint', {
                sets: detail.sets
                  .map((set) => `${set.name} (${detail.groups.filter((g) => g.setCode === set.code).map((g) => g.name).join(', ')})`)
                  .join('; '),
              })}
            </p>
          )}
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
      <AnnexSigningFields signing={signing} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || working || decisionDate === null || (signing.on && !signing.ready)} data-testid="export-annex">
          {t(signing.on ? 'signatures.annex.exportSigned' : 'annex.export', { annex: t(ANNEXES.find((a) => a.value === annex)?.label ?? 'annex.I'), format: format === 'pdf' ? '.pdf' : '.xlsx' })}
        </button>
      </div>
      <DocumentExports fields={{ decisionNo: decisionNo.trim(), ...(decisionDate !== null ? { decisionDate } : {}), issuer: issuer.trim() }} disabled={busy || working || decisionDate === null} />
      {draftAsked && ranking && <DraftDialog ranking={ranking} onConfirm={() => void run()} onClose={() => setDraftAsked(false)} />}
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

/** The draft decision and the council's report (.docx), with the decision's fields of the form above. */
function DocumentExports({ fields, disabled }: { fields: Omit<Input<'document/decision'>, 'campaignId'>; disabled: boolean }) {
  const t = useT();
  const exportDocument = useStore((s) => s.exportDocument);
  const [failure, setFailure] = useState<Message | null>(null);
  const [working, setWorking] = useState(false);
  const run = async (kind: 'decision' | 'report') => {
    setWorking(true);
    setFailure(null);
    try {
      const result = await exportDocument(kind, fields);
      if (!result.ok) setFailure(result.message);
    } finally {
      setWorking(false);
    }
  };
  return (
    <fieldset className="panel subpanel annex-fieldset" data-testid="document-exports">
      <legend className="section-title">{t('document.title')}</legend>
      <p className="hint">{t('document.hint')}</p>
      <div className="form-actions">
        <button type="button" disabled={disabled || working} onClick={() => void run('decision')} data-testid="export-decision-docx">
          {t('document.decision')}
        </button>
        <button type="button" disabled={disabled || working} onClick={() => void run('report')} data-testid="export-report-docx">
          {t('document.report')}
        </button>
      </div>
      {failure && (
        <div className="issues" role="alert" data-testid="document-error">
          <div className="issues-head">
            <strong>{t('document.failed')}</strong>
            <span className="toolbar-spacer" />
            <button type="button" className="link" onClick={() => setFailure(null)}>
              {t('common.close')}
            </button>
          </div>
          <p className="issues-message">{messageText(t, failure)}</p>
        </div>
      )}
    </fieldset>
  );
}

/** Asked before exporting from an unfinished campaign: the annex is marked DỰ THẢO; what is still missing. */
function DraftDialog({ ranking, onConfirm, onClose }: { ranking: Ranking; onConfirm: () => void; onClose: () => void }) {
  const t = useT();
  const missing = completenessOf(ranking);
  const shown = missing.unitsWithMissing.filter((u) => !missing.unappraised.some((x) => x.unitCode === u.unitCode));
  return (
    <Modal
      title={t('annex.draftTitle')}
      testId="annex-draft-dialog"
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" onClick={onClose} data-testid="annex-draft-cancel" data-autofocus>
            {t('common.cancel')}
          </button>
          <button type="button" className="primary" onClick={onConfirm} data-testid="annex-draft-export">
            {t('annex.draftExport')}
          </button>
        </>
      }
    >
      <p>{t('annex.draftIntro')}</p>
      {missing.unappraised.length > 0 && (
        <section data-testid="annex-draft-unappraised">
          <h3 className="subsection-title">{t('annex.draftUnappraised', { count: missing.unappraised.length })}</h3>
          <ul className="draft-missing">
            {missing.unappraised.map((u) => (
              <li key={u.unitCode}>
                {u.unitName} <span className="muted small">({u.groupName})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {shown.length > 0 && (
        <section data-testid="annex-draft-cells">
          <h3 className="subsection-title">{t('annex.draftCells', { count: shown.reduce((n, u) => n + u.missingLeaves, 0) })}</h3>
          <ul className="draft-missing">
            {shown.map((u) => (
              <li key={u.unitCode}>{t('annex.draftCellsOfUnit', { unit: u.unitName, count: u.missingLeaves })}</li>
            ))}
          </ul>
        </section>
      )}
      {missing.unappraised.length === 0 && missing.missingCells === 0 && <p data-testid="annex-draft-complete">{t('annex.draftComplete')}</p>}
    </Modal>
  );
}

type AnnexFields = Omit<Input<'annex/export'>, 'campaignId'>;

interface AnnexSigning {
  on: boolean;
  setOn: (on: boolean) => void;
  identityId: string;
  setIdentityId: (id: string) => void;
  secret: string;
  setSecret: (secret: string) => void;
  p7s: boolean;
  setP7s: (p7s: boolean) => void;
  /** An identity is chosen (a secret may be empty only to let the service say it is missing). */
  ready: boolean;
  sign: (fields: AnnexFields) => Promise<{ ok: true } | { ok: false; message: Message }>;
}

function useAnnexSigning(): AnnexSigning {
  const identities = useStore((s) => s.identities);
  const signAnnex = useStore((s) => s.signAnnex);
  const [on, setOn] = useState(false);
  const [chosen, setIdentityId] = useState('');
  const [secret, setSecret] = useState('');
  const [p7s, setP7s] = useState(false);

  useEffect(() => {
    if (on && identities === null) void useStore.getState().loadIdentities();
  }, [on, identities]);

  const identityId = identities?.some((i) => i.id === chosen) ? chosen : (identities?.[0]?.id ?? '');
  return {
    on,
    setOn,
    identityId,
    setIdentityId,
    secret,
    setSecret,
    p7s,
    setP7s,
    ready: identityId !== '',
    sign: async (fields) => {
      // The password or PIN is used for this one call, then cleared: a failure never retries by itself.
      const typed = secret;
      setSecret('');
      return signAnnex({ ...fields, identityId, secret: typed, p7s });
    },
  };
}

function AnnexSigningFields({ signing }: { signing: AnnexSigning }) {
  const t = useT();
  const identities = useStore((s) => s.identities);
  const setScreen = useStore((s) => s.setScreen);
  const setSignaturesTab = useStore((s) => s.setSignaturesTab);
  const chosen = identities?.find((i) => i.id === signing.identityId);
  return (
    <fieldset className="panel subpanel annex-fieldset annex-signing" data-testid="annex-signing">
      <legend className="section-title">{t('signatures.annex.title')}</legend>
      <label className="checkbox">
        <input type="checkbox" checked={signing.on} onChange={(e) => signing.setOn(e.target.checked)} data-testid="annex-sign" />
        {t('signatures.annex.sign')}
      </label>
      {signing.on && identities !== null && identities.length === 0 && (
        <p className="hint" data-testid="annex-sign-none">
          {t('signatures.annex.none')}{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              setSignaturesTab('identities');
              setScreen('signatures');
            }}
          >
            {t('signatures.annex.gotoIdentities')}
          </button>
        </p>
      )}
      {signing.on && identities !== null && identities.length > 0 && (
        <div className="annex-form">
          <label className="field grow">
            <span>{t('signatures.annex.identity')}</span>
            <select value={signing.identityId} onChange={(e) => signing.setIdentityId(e.target.value)} data-testid="annex-sign-identity">
              {identities.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.certificate.commonName} — {i.kind === 'pkcs12' ? t('signatures.kind.pkcs12', { file: i.fileName ?? '' }) : t('signatures.kind.pkcs11', { label: i.tokenLabel ?? '' })}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t(chosen?.kind === 'pkcs11' ? 'signatures.annex.pin' : 'signatures.annex.password')}</span>
            <input type="password" autoComplete="off" value={signing.secret} onChange={(e) => signing.setSecret(e.target.value)} data-testid="annex-sign-secret" />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={signing.p7s} onChange={(e) => signing.setP7s(e.target.checked)} data-testid="annex-sign-p7s" />
            {t('signatures.annex.p7s')}
          </label>
        </div>
      )}
      {signing.on && <p className="hint">{t('signatures.annex.hint')}</p>}
    </fieldset>
  );
}
