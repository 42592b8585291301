// The units appraised in the campaign: add, rename, move between groups, delete (after confirming).

import { useState, type KeyboardEvent } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import type { UnitListItem } from '../../../shared/contract.js';
import { matchesSearch } from '../../../shared/text.js';

interface UnitDraft {
  originalCode: string | null;
  code: string;
  name: string;
  groupCode: string;
}

export function UnitsEditor() {
  const t = useT();
  const units = useStore((s) => s.units);
  const detail = useStore((s) => s.detail);
  const saveUnit = useStore((s) => s.saveUnit);
  const deleteUnit = useStore((s) => s.deleteUnit);
  const [editing, setEditing] = useState<UnitDraft | null>(null);
  const [deleting, setDeleting] = useState<UnitListItem | null>(null);
  const [filter, setFilter] = useState('');
  const groups = detail?.groups ?? [];

  const valid = editing !== null && editing.code.trim() !== '' && editing.name.trim() !== '' && editing.groupCode !== '';

  const save = async () => {
    if (!editing || !valid) return;
    const ok = await saveUnit({
      originalCode: editing.originalCode,
      code: editing.code.trim(),
      name: editing.name.trim(),
      groupCode: editing.groupCode,
    });
    if (ok) setEditing(null);
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void save();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setEditing(null);
    }
  };

  const editorRow = (draft: UnitDraft) => (
    <tr className="editing" key={draft.originalCode ?? '__new'} onKeyDown={onKey} data-testid="unit-editor">
      <td>
        <input value={draft.code} onChange={(e) => setEditing({ ...draft, code: e.target.value })} autoFocus={draft.originalCode === null} data-testid="unit-edit-code" aria-label={t('units.code')} />
      </td>
      <td>
        <input value={draft.name} onChange={(e) => setEditing({ ...draft, name: e.target.value })} autoFocus={draft.originalCode !== null} data-testid="unit-edit-name" aria-label={t('units.name')} />
      </td>
      <td>
        <select value={draft.groupCode} onChange={(e) => setEditing({ ...draft, groupCode: e.target.value })} data-testid="unit-edit-group" aria-label={t('units.group')}>
          {groups.map((g) => (
            <option key={g.code} value={g.code}>
              {g.name}
            </option>
          ))}
        </select>
      </td>
      <td />
      <td className="actions">
        <button type="button" className="link" onClick={() => void save()} disabled={!valid} data-testid="unit-edit-save">
          {t('common.save')}
        </button>
        <button type="button" className="link" onClick={() => setEditing(null)}>
          {t('common.cancel')}
        </button>
      </td>
    </tr>
  );

  const visible = units.filter((u) => matchesSearch(`${u.code} ${u.name}`, filter));

  return (
    <section className="subpanel" data-testid="units-editor">
      <div className="toolbar">
        <h2 className="section-title">{t('units.title', { count: units.length })}</h2>
        <input className="search" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t('units.filter')} aria-label={t('units.filter')} />
        <span className="toolbar-spacer" />
        <button
          type="button"
          onClick={() => setEditing({ originalCode: null, code: '', name: '', groupCode: groups[0]?.code ?? '' })}
          disabled={groups.length === 0}
          data-testid="unit-add"
        >
          {t('units.add')}
        </button>
      </div>
      <table className="grid units-table">
        <thead>
          <tr>
            <th className="col-code">{t('units.code')}</th>
            <th>{t('units.name')}</th>
            <th>{t('units.group')}</th>
            <th className="num">{t('units.progress')}</th>
            <th className="actions" />
          </tr>
        </thead>
        <tbody>
          {editing?.originalCode === null && editorRow(editing)}
          {visible.map((u) =>
            editing?.originalCode === u.code ? (
              editorRow(editing)
            ) : (
              <tr key={u.code} data-testid={`unit-row-${u.code}`}>
                <td className="col-code">{u.code}</td>
                <td>{u.name}</td>
                <td>{u.groupName}</td>
                <td className="num">
                  {u.scoredLeaves}/{u.totalLeaves}
                </td>
                <td className="actions">
                  <button type="button" className="link" onClick={() => setEditing({ originalCode: u.code, code: u.code, name: u.name, groupCode: u.groupCode })} data-testid={`unit-edit-${u.code}`}>
                    {t('common.edit')}
                  </button>
                  <button type="button" className="link danger" onClick={() => setDeleting(u)} data-testid={`unit-delete-${u.code}`}>
                    {t('common.delete')}
                  </button>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
      {deleting && (
        <ConfirmDialog
          title={t('units.deleteTitle')}
          message={t('units.deleteConfirm', { name: deleting.name, scored: deleting.scoredLeaves })}
          confirmLabel={t('common.delete')}
          onConfirm={() => deleteUnit(deleting.code)}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  );
}
