// The campaign's criteria sets (Cấu hình → Bộ tiêu chí): each set's areas, maximum, leaves and the groups
// scored under it; edit a set's tree, copy a set's whole tree under a new code, rename, delete an unused one (asked first).

import { useEffect, useState, type FormEvent } from 'react';
import type { CriteriaSetItem } from '../../../shared/contract.js';
import { SET_CODE_PATTERN } from '../../../shared/domain.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Modal } from '../../components/Modal.js';
import { points } from '../../format.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { CriteriaTreeEditor } from './CriteriaTreeEditor.js';

export function CriteriaSetsPanel() {
  const t = useT();
  const campaignId = useStore((s) => s.campaignId);
  const sets = useStore((s) => s.criteriaSets);
  const locked = useStore((s) => s.detail?.campaign.status === 'final');
  const [copying, setCopying] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<CriteriaSetItem | null>(null);
  const [deleting, setDeleting] = useState<CriteriaSetItem | null>(null);
  const [editing, setEditing] = useState<string | null>(null);

  useEffect(() => {
    void useStore.getState().loadCriteriaSets();
  }, [campaignId]);

  return (
    <section className="subpanel criteria-sets" data-testid="criteria-sets">
      <div className="toolbar">
        <h2 className="section-title">{t('sets.title')}</h2>
      </div>
      <p className="hint">{t('sets.hint')}</p>
      <table className="grid sets-table" data-testid="sets-table">
        <thead>
          <tr>
            <th>{t('sets.col.code')}</th>
            <th>{t('sets.col.name')}</th>
            <th>{t('sets.col.areas')}</th>
            <th className="num">{t('sets.col.max')}</th>
            <th className="num">{t('sets.col.leaves')}</th>
            <th>{t('sets.col.groups')}</th>
            <th className="actions">{t('sets.col.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(sets ?? []).map((x) => {
            const deleteBlock = sets!.length === 1 ? t('sets.deleteLast') : x.groups.length > 0 ? t('sets.deleteInUse') : null;
            return (
              <tr key={x.code} data-testid={`set-row-${x.code}`}>
                <td className="strong">{x.code}</td>
                <td data-testid={`set-name-${x.code}`}>{x.name}</td>
                <td className="set-areas">
                  {x.areas.map((a) => (
                    <span key={a.code} className="set-area" title={`${a.code}. ${a.name} (${points(a.maxMilli)})`}>
                      {a.code}
                    </span>
                  ))}
                </td>
                <td className="num">{points(x.maxMilli)}</td>
                <td className="num">{x.leafCount}</td>
                <td data-testid={`set-groups-${x.code}`}>{x.groups.length === 0 ? <span className="muted">{t('sets.noGroups')}</span> : x.groups.map((g) => g.name).join(', ')}</td>
                <td className="actions">
                  <button type="button" className="link" onClick={() => setEditing(x.code)} disabled={locked} data-testid={`set-edit-${x.code}`}>
                    {t('sets.editTree')}
                  </button>
                  <button type="button" className="link" onClick={() => setCopying(x.code)} disabled={locked} data-testid={`set-copy-${x.code}`}>
                    {t('sets.copy')}
                  </button>
                  <button type="button" className="link" onClick={() => setRenaming(x)} disabled={locked} data-testid={`set-rename-${x.code}`}>
                    {t('sets.rename')}
                  </button>
                  <button
                    type="button"
                    className="link danger"
                    onClick={() => setDeleting(x)}
                    disabled={locked || deleteBlock !== null}
                    title={deleteBlock ?? undefined}
                    data-testid={`set-delete-${x.code}`}
                  >
                    {t('sets.delete')}
                  </button>
                </td>
              </tr>
            );
          })}
          {sets === null && (
            <tr>
              <td colSpan={7} className="muted">
                {t('common.loading')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {copying !== null && sets && <CopySetDialog sets={sets} from={copying} onClose={() => setCopying(null)} />}
      {editing !== null && <CriteriaTreeEditor setCode={editing} onClose={() => setEditing(null)} />}
      {renaming && <RenameSetDialog set={renaming} onClose={() => setRenaming(null)} />}
      {deleting && (
        <ConfirmDialog
          title={t('sets.deleteTitle')}
          message={t('sets.deleteConfirm', { name: deleting.name, code: deleting.code, criteria: deleting.criteriaCount })}
          confirmLabel={t('sets.deleteOk')}
          onConfirm={() => useStore.getState().deleteSet(deleting.code)}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  );
}

function CopySetDialog({ sets, from: initial, onClose }: { sets: CriteriaSetItem[]; from: string; onClose: () => void }) {
  const t = useT();
  const copySet = useStore((s) => s.copySet);
  const [from, setFrom] = useState(initial);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [working, setWorking] = useState(false);
  const trimmed = code.trim();
  const codeError = trimmed === '' ? null : !SET_CODE_PATTERN.test(trimmed) ? t('sets.codeInvalid') : sets.some((x) => x.code.toUpperCase() === trimmed.toUpperCase()) ? t('sets.codeTaken') : null;
  const valid = trimmed !== '' && codeError === null && name.trim() !== '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!valid || working) return;
    setWorking(true);
    const ok = await copySet(from, trimmed, name.trim());
    setWorking(false);
    if (ok) onClose();
  };

  return (
    <Modal
      title={t('sets.copyTitle')}
      testId="set-copy-dialog"
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="set-copy-form" className="primary" disabled={!valid || working} data-testid="set-copy-submit">
            {t('sets.copySubmit')}
          </button>
        </>
      }
    >
      <form id="set-copy-form" className="form" onSubmit={(e) => void submit(e)}>
        <p className="hint">{t('sets.copyIntro')}</p>
        <label className="field">
          <span>{t('sets.copyFrom')}</span>
          <select value={from} onChange={(e) => setFrom(e.target.value)} data-testid="set-copy-from">
            {sets.map((x) => (
              <option key={x.code} value={x.code}>
                {x.code} — {x.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-short">
          <span>{t('sets.newCode')}</span>
          <input value={code} onChange={(e) => setCode(e.target.value)} maxLength={20} aria-invalid={codeError !== null} data-autofocus data-testid="set-copy-code" />
          {codeError ? <span className="field-error">{codeError}</span> : <small className="hint">{t('sets.codeHint')}</small>}
        </label>
        <label className="field">
          <span>{t('sets.newName')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} placeholder={t('sets.namePlaceholder')} data-testid="set-copy-name" />
        </label>
      </form>
    </Modal>
  );
}

function RenameSetDialog({ set, onClose }: { set: CriteriaSetItem; onClose: () => void }) {
  const t = useT();
  const renameSet = useStore((s) => s.renameSet);
  const [name, setName] = useState(set.name);
  const [working, setWorking] = useState(false);
  const valid = name.trim() !== '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!valid || working) return;
    setWorking(true);
    const ok = await renameSet(set.code, name.trim());
    setWorking(false);
    if (ok) onClose();
  };

  return (
    <Modal
      title={t('sets.renameTitle', { code: set.code })}
      testId="set-rename-dialog"
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="set-rename-form" className="primary" disabled={!valid || working} data-testid="set-rename-submit">
            {t('sets.renameSubmit')}
          </button>
        </>
      }
    >
      <form id="set-rename-form" className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>{t('sets.name')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} data-autofocus data-testid="set-rename-name" />
        </label>
      </form>
    </Modal>
  );
}
