// The secretariat's evidence of the open unit, under the score grid: every file per sub-criterion —
// attached here or sent by a member (named in their signed package) — previewed in the app, with those
// whose file has not arrived marked; files attached to a chosen sub-criterion; the member's evidence
// bundle (.parevd) imported in place. The member's own preview and bundle components are reused.

import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { EvidenceItem, UnitSheet } from '../../../shared/contract.js';
import { openEvidenceOutside as openOutside } from '../../api/files.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { fileSize } from '../../format.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { EvidenceBundleImport } from '../consolidate/EvidenceBundle.js';

// pdf.js is loaded with the first preview, as in the member's workspace.
const EvidencePreview = lazy(() => import('../workspace/EvidencePreview.js').then((m) => ({ default: m.EvidencePreview })));

export function EvidencePanel({ sheet }: { sheet: UnitSheet }) {
  const t = useT();
  const evidence = useStore((s) => s.evidence);
  const uploads = useStore((s) => s.uploads);
  const [open, setOpen] = useState(true);
  const [preview, setPreview] = useState<EvidenceItem | null>(null);
  const [opening, setOpening] = useState<EvidenceItem | null>(null);
  const leaves = sheet.rows.filter((r) => r.isLeaf);
  const [target, setTarget] = useState(leaves[0]?.code ?? '');
  const fileRef = useRef<HTMLInputElement>(null);
  const unitCode = sheet.unit.code;

  useEffect(() => {
    void useStore.getState().loadEvidence();
  }, [sheet.campaignId, unitCode]);

  const shown = evidence && evidence.campaignId === sheet.campaignId && evidence.unitCode === unitCode ? evidence : null;
  const nameOf = new Map(sheet.rows.map((r) => [r.code, r.name]));
  const absent = shown ? shown.criteria.reduce((n, g) => n + g.items.filter((i) => !i.available).length, 0) : 0;
  const pending = uploads.filter((u) => u.criterionCode !== null);

  const onFiles = (list: FileList | null) => {
    const files = list ? [...list] : [];
    if (fileRef.current) fileRef.current.value = '';
    if (files.length > 0 && target !== '') void useStore.getState().attachFiles(target, files);
  };

  return (
    <section className={open ? 'evidence-panel open' : 'evidence-panel'} data-testid="evidence-panel" aria-label={t('evidencePanel.title', { unit: sheet.unit.name })}>
      <header className="evidence-panel-head">
        <button type="button" className="link evidence-panel-toggle" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="evidence-panel-toggle">
          {open ? '▾' : '▸'} {t('evidencePanel.title', { unit: sheet.unit.name })}
        </button>
        <span className="muted small" data-testid="evidence-panel-count">
          {shown ? t('evidencePanel.count', { files: shown.fileCount, size: fileSize(shown.totalBytes) }) : t('common.loading')}
          {absent > 0 && ` — ${t('evidencePanel.absent', { count: absent })}`}
        </span>
        {open && (
          <div className="evidence-panel-tools">
            <label className="inline-field">
              <span>{t('evidencePanel.attachTo')}</span>
              <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="evidence-panel-criterion">
                {leaves.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.code} — {r.name.length > 60 ? `${r.name.slice(0, 60)}…` : r.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => fileRef.current?.click()} disabled={target === ''} data-testid="evidence-panel-attach">
              {t('evidence.attach')}
            </button>
            <input ref={fileRef} type="file" multiple className="visually-hidden" tabIndex={-1} onChange={(e) => onFiles(e.target.files)} data-testid="evidence-panel-file" />
            <EvidenceBundleImport />
          </div>
        )}
      </header>
      {open && (
        <div className="evidence-panel-body">
          <div className="evidence-panel-list">
            {shown && shown.criteria.length === 0 && <p className="muted small">{t('evidencePanel.none')}</p>}
            {shown?.criteria.map((g) => (
              <div key={g.criterionCode} className="evidence-group" data-testid={`evidence-group-${g.criterionCode}`}>
                <div className="evidence-group-head small">
                  <strong>{g.criterionCode}</strong> <span className="muted">{nameOf.get(g.criterionCode) ?? ''}</span>
                </div>
                <ul className="evidence-list">
                  {g.items.map((item) => (
                    <li key={item.id} className={item.available ? 'evidence-item' : 'evidence-item absent'} data-testid={`evidence-item-${item.id}`} data-name={item.fileName} data-available={String(item.available)}>
                      {item.available ? (
                        <button
                          type="button"
                          className="link evidence-name"
                          onClick={() => (item.previewable ? setPreview(item) : setOpening(item))}
                          title={item.previewable ? t('evidence.preview') : t('evidence.openOutside')}
                          data-testid="evidence-open"
                        >
                          {item.fileName}
                        </button>
                      ) : (
                        <span className="evidence-name">
                          {item.fileName} <span className="evidence-absent small" data-testid="evidence-absent">{t('evidenceBundle.absent')}</span>
                        </span>
                      )}
                      <span className="muted small evidence-by">{t('evidencePanel.by', { by: item.addedBy, size: fileSize(item.size) })}</span>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
            {pending.map((u) => (
              <p key={u.id} className="muted small" data-testid="evidence-uploading">
                {t('evidencePanel.uploading', { file: u.fileName })} {fileSize(u.sent)} / {fileSize(u.size)}
              </p>
            ))}
          </div>
        </div>
      )}
      {preview && (
        <Suspense fallback={null}>
          <EvidencePreview item={preview} onClose={() => setPreview(null)} />
        </Suspense>
      )}
      {opening && (
        <ConfirmDialog
          title={t('evidence.openTitle')}
          message={t('evidence.openConfirm', { file: opening.fileName, type: opening.mediaType })}
          confirmLabel={t('evidence.openOk')}
          onConfirm={async () => openOutside(opening)}
          onClose={() => setOpening(null)}
        />
      )}
    </section>
  );
}
