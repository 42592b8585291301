// "Sửa cây tiêu chí": a set's tree as a table, edited from the keyboard (arrows move, Enter edits, Insert or
// Ctrl+Enter adds a child, Shift+Insert a sibling, Alt+↑/↓ moves among siblings, Delete removes with the
// subtree after asking, Esc cancels, Ctrl+S saves). Sums and the rule's reading are shown as one types; the
// service checks the whole tree again on save, so the draft may pass through states a save would refuse.

import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { CriteriaSetTree } from '../../../shared/contract.js';
import { CRITERION_KINDS, type CriterionKind } from '../../../shared/domain.js';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { parseDecimal, pointsToMilli } from '../../../shared/numbers.js';
import { parseRule } from '../../../shared/rules.js';
import { invoke, isApiError } from '../../api/client.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Modal } from '../../components/Modal.js';
import { points } from '../../format.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { addRow, deleteRow, depthOf, hasChildren, moveAmongSiblings, recode, subtree, sums, type DraftRow } from '../../../shared/criteria-tree-draft.js';

const COLUMNS = ['code', 'name', 'max', 'kind', 'rule', 'na'] as const;
type Column = (typeof COLUMNS)[number];

interface Editing {
  code: string;
  column: Column;
  value: string;
  error: string | null;
}

const KIND_KEYS: Record<CriterionKind, MessageKey> = {
  appraised: 'setEditor.kind.appraised',
  survey: 'setEditor.kind.survey',
  bonus: 'setEditor.kind.bonus',
  penalty: 'setEditor.kind.penalty',
};

export function CriteriaTreeEditor({ setCode, onClose }: { setCode: string; onClose: () => void }) {
  const t = useT();
  const campaignId = useStore((s) => s.campaignId);
  const [tree, setTree] = useState<CriteriaSetTree | null>(null);
  const [rows, setRows] = useState<DraftRow[]>([]);
  const [at, setAt] = useState({ row: 0, column: 1 });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ message: string; items: string[] } | null>(null);
  const tableRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (campaignId === null) return;
    void invoke('criteriaSet/tree', { campaignId, code: setCode }).then(
      (loaded) => {
        setTree(loaded);
        setRows(loaded.criteria);
      },
      (error: unknown) => useStore.getState().reportError(error),
    );
  }, [campaignId, setCode]);

  const readOnly = tree?.blocked != null;
  const dirty = tree !== null && JSON.stringify(rows) !== JSON.stringify(tree.criteria);
  const live = useMemo(() => sums(rows), [rows]);
  const current = rows[Math.min(at.row, rows.length - 1)];
  const focusTable = () => tableRef.current?.focus();
  // Back to the table as soon as a cell edit or a question ends, before the next key arrives.
  useLayoutEffect(() => {
    if (editing === null && deleting === null && !leaving) tableRef.current?.focus();
  }, [editing, deleting, leaving]);

  const change = (next: DraftRow[], selectCode?: string, column?: number) => {
    setRows(next);
    setProblem(null);
    if (selectCode !== undefined) setAt({ row: Math.max(0, next.findIndex((r) => r.code === selectCode)), column: column ?? at.column });
  };

  const startEdit = (column: Column = COLUMNS[at.column]!) => {
    if (readOnly || !current) return;
    if (column === 'na') {
      change(rows.map((r) => (r.code === current.code ? { ...r, naAllowed: !r.naAllowed } : r)));
      return;
    }
    if (column === 'kind' && depthOf(current.code) > 0) return;
    const value = column === 'max' ? points(current.maxMilli) : column === 'kind' ? current.kind : column === 'code' ? current.code : column === 'name' ? current.name : current.rule;
    setEditing({ code: current.code, column, value, error: null });
  };

  const commit = () => {
    if (!editing) return;
    const { code, column, value } = editing;
    let next: DraftRow[] | null = rows;
    let selectCode = code;
    if (column === 'code') {
      next = recode(rows, code, value.trim());
      if (next === null) {
        setEditing({ ...editing, error: t('setEditor.codeRefused') });
        return;
      }
      selectCode = value.trim();
    } else if (column === 'max') {
      const parsed = parseDecimal(value);
      const milli = parsed === null ? null : pointsToMilli(parsed);
      if (milli === null || milli < 0) {
        setEditing({ ...editing, error: t('setEditor.maxInvalid') });
        return;
      }
      next = rows.map((r) => (r.code === code ? { ...r, maxMilli: milli } : r));
    } else if (column === 'kind') {
      const kind = value as CriterionKind;
      next = rows.map((r) => (r.code === code || r.code.startsWith(`${code}.`) ? { ...r, kind } : r));
    } else {
      next = rows.map((r) => (r.code === code ? { ...r, [column]: value } : r));
    }
    setEditing(null);
    change(next, selectCode);
  };

  const add = (parent: string | null) => {
    if (readOnly) return;
    const added = addRow(rows, parent);
    change(added.rows, added.code, 1);
    setEditing({ code: added.code, column: 'name', value: '', error: null });
  };

  const save = async () => {
    if (campaignId === null || readOnly || saving) return;
    setSaving(true);
    try {
      const saved = await invoke('criteriaSet/saveTree', { campaignId, code: setCode, criteria: rows });
      setTree(saved.tree);
      setRows(saved.tree.criteria);
      const detail = await invoke('campaign/get', { campaignId });
      useStore.setState({ criteriaSets: saved.sets, detail });
      const store = useStore.getState();
      // Units' sheets and leaf counts under the set now read another tree.
      void store.reloadUnits();
      if (store.sheet?.set.code === setCode && store.unitCode !== null) void store.openUnit(store.unitCode);
      store.notify('success', { key: saved.fingerprintChanged ? 'setEditor.savedNeedsPackage' : 'setEditor.saved', params: { name: saved.tree.name } });
      onClose();
    } catch (error) {
      if (isApiError(error)) setProblem({ message: error.message, items: error.issues.map((i) => i.message) });
      else useStore.getState().reportError(error);
      focusTable();
    } finally {
      setSaving(false);
    }
  };

  const close = () => (dirty ? setLeaving(true) : onClose());

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (editing || !current) return;
    const key = event.key;
    const handled = () => {
      event.preventDefault();
      event.stopPropagation();
    };
    if (key === 's' && (event.ctrlKey || event.metaKey)) {
      handled();
      void save();
    } else if (event.altKey && (key === 'ArrowUp' || key === 'ArrowDown')) {
      handled();
      if (readOnly) return;
      const moved = moveAmongSiblings(rows, current.code, key === 'ArrowUp' ? -1 : 1);
      if (moved) change(moved.rows, moved.code);
    } else if (key === 'ArrowUp' || key === 'ArrowDown') {
      handled();
      setAt({ ...at, row: Math.max(0, Math.min(rows.length - 1, at.row + (key === 'ArrowUp' ? -1 : 1))) });
    } else if (key === 'ArrowLeft' || key === 'ArrowRight') {
      handled();
      setAt({ ...at, column: Math.max(0, Math.min(COLUMNS.length - 1, at.column + (key === 'ArrowLeft' ? -1 : 1))) });
    } else if (key === 'Home' || key === 'End') {
      handled();
      setAt({ ...at, row: key === 'Home' ? 0 : rows.length - 1 });
    } else if ((key === 'Insert' && !event.shiftKey) || (key === 'Enter' && event.ctrlKey)) {
      handled();
      add(current.code);
    } else if (key === 'Insert' && event.shiftKey) {
      handled();
      const parent = current.code.includes('.') ? current.code.slice(0, current.code.lastIndexOf('.')) : null;
      add(parent);
    } else if (key === 'Enter' || key === 'F2' || (key === ' ' && COLUMNS[at.column] === 'na')) {
      handled();
      startEdit();
    } else if (key === 'Delete') {
      handled();
      if (!readOnly) setDeleting(current.code);
    }
  };

  const onEditKey = (event: KeyboardEvent<HTMLInputElement | HTMLSelectElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Escape') {
      // Esc leaves the cell as it was; the dialog stays open.
      event.preventDefault();
      event.stopPropagation();
      setEditing(null);
    }
  };

  const preview = current ? rulePreview(current, rows, t) : null;
  const deletingRows = deleting === null ? [] : subtree(rows, deleting);

  return (
    <Modal
      title={t('setEditor.title', { name: tree?.name ?? setCode, code: setCode })}
      testId="tree-editor"
      onClose={() => (editing ? setEditing(null) : close())}
      wide
      footer={
        <>
          <span className="tree-total" data-testid="tree-total">
            {t('setEditor.total', { total: points(live.totalMilli) })}
            {live.totalMilli !== 100_000 && <span className="tree-warn"> {t('setEditor.totalNot100')}</span>}
          </span>
          <span className="toolbar-spacer" />
          <button type="button" onClick={close} data-testid="tree-cancel">
            {t('common.cancel')}
          </button>
          <button type="button" className="primary" onClick={() => void save()} disabled={readOnly || saving || !dirty} data-testid="tree-save">
            {t('setEditor.save')}
          </button>
        </>
      }
    >
      {tree?.blocked && (
        <p className="tree-blocked" role="alert" data-testid="tree-blocked">
          {tree.blocked}
        </p>
      )}
      <p className="hint">{t('setEditor.keys')}</p>
      <div
        className="tree-table-wrap"
        tabIndex={0}
        ref={tableRef}
        onKeyDown={onKey}
        data-autofocus
        data-testid="tree-table"
        aria-label={t('setEditor.tableLabel')}
      >
        <table className="grid tree-table">
          <thead>
            <tr>
              <th className="tree-code">{t('setEditor.col.code')}</th>
              <th>{t('setEditor.col.name')}</th>
              <th className="num">{t('setEditor.col.max')}</th>
              <th>{t('setEditor.col.kind')}</th>
              <th>{t('setEditor.col.rule')}</th>
              <th className="tree-na">{t('setEditor.col.na')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const sum = live.mismatched.get(r.code);
              const ruleBad = r.rule !== '' && !hasChildren(rows, r.code) && !parseRule(r.rule, r.maxMilli).ok;
              const cell = (column: Column, content: ReactNode, className = '') => {
                const c = COLUMNS.indexOf(column);
                const active = i === at.row && c === at.column;
                const edit = editing && editing.code === r.code && editing.column === column ? editing : null;
                return (
                  <td
                    className={`${className}${active ? ' active' : ''}`}
                    data-testid={`tree-${column}-${r.code}`}
                    onClick={() => setAt({ row: i, column: c })}
                    onDoubleClick={() => {
                      setAt({ row: i, column: c });
                      startEdit(column);
                    }}
                  >
                    {edit ? (
                      column === 'kind' ? (
                        <select autoFocus value={edit.value} onChange={(e) => setEditing({ ...edit, value: e.target.value })} onKeyDown={onEditKey} onBlur={commit} data-testid="tree-edit">
                          {CRITERION_KINDS.map((k) => (
                            <option key={k} value={k}>
                              {t(KIND_KEYS[k])}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <>
                          <input
                            autoFocus
                            value={edit.value}
                            onChange={(e) => setEditing({ ...edit, value: e.target.value, error: null })}
                            onKeyDown={onEditKey}
                            onBlur={() => (edit.error ? undefined : commit())}
                            aria-invalid={edit.error !== null}
                            data-testid="tree-edit"
                          />
                          {edit.error && <span className="field-error" data-testid="tree-edit-error">{edit.error}</span>}
                        </>
                      )
                    ) : (
                      content
                    )}
                  </td>
                );
              };
              return (
                <tr key={r.code} className={`${i === at.row ? 'selected ' : ''}depth-${depthOf(r.code)}`} data-testid={`tree-row-${r.code}`}>
                  {cell('code', r.code, 'tree-code')}
                  {cell('name', <span style={{ paddingLeft: `${depthOf(r.code) * 1.2}em` }}>{r.name || <span className="muted">{t('setEditor.noName')}</span>}</span>)}
                  {cell(
                    'max',
                    <>
                      {points(r.maxMilli)}
                      {sum !== undefined && (
                        <span className="tree-warn" title={t('setEditor.sumMismatch', { sum: points(sum) })} data-testid={`tree-sum-${r.code}`}>
                          {' '}≠ {points(sum)}
                        </span>
                      )}
                    </>,
                    'num',
                  )}
                  {cell('kind', depthOf(r.code) === 0 ? t(KIND_KEYS[r.kind]) : <span className="muted">{t(KIND_KEYS[r.kind])}</span>)}
                  {cell('rule', <span className={ruleBad ? 'tree-warn' : ''}>{r.rule}</span>, 'tree-rule')}
                  {cell('na', r.naAllowed ? t('setEditor.yes') : t('setEditor.no'), 'tree-na')}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="tree-preview" data-testid="tree-preview" aria-live="polite">
        {preview && <span className={preview.ok ? '' : 'tree-warn'}>{preview.text}</span>}
      </div>
      {problem && (
        <div className="tree-problem" role="alert" data-testid="tree-problem">
          <strong>{problem.message}</strong>
          {problem.items.length > 1 && (
            <ul>
              {problem.items.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {deleting !== null && (
        <ConfirmDialog
          title={t('setEditor.deleteTitle')}
          message={deletingRows.length > 1 ? t('setEditor.deleteConfirm', { code: deleting, count: deletingRows.length - 1 }) : t('setEditor.deleteLeaf', { code: deleting })}
          confirmLabel={t('setEditor.deleteOk')}
          onConfirm={async () => {
            const next = deleteRow(rows, deleting);
            change(next);
            setAt({ ...at, row: Math.max(0, Math.min(at.row, next.length - 1)) });
          }}
          onClose={() => setDeleting(null)}
        />
      )}
      {leaving && (
        <ConfirmDialog
          title={t('setEditor.leaveTitle')}
          message={t('setEditor.leaveConfirm')}
          confirmLabel={t('setEditor.leaveOk')}
          onConfirm={async () => onClose()}
          onClose={() => setLeaving(false)}
        />
      )}
    </Modal>
  );
}

/** How the selected row's rule reads: its options, or why it does not parse. */
function rulePreview(row: DraftRow, rows: readonly DraftRow[], t: ReturnType<typeof useT>): { ok: boolean; text: string } {
  if (hasChildren(rows, row.code)) return { ok: true, text: t('setEditor.preview.parent', { code: row.code }) };
  const parsed = parseRule(row.rule, row.maxMilli);
  if (!parsed.ok) return { ok: false, text: t('setEditor.preview.error', { code: row.code, message: parsed.message }) };
  const rule = parsed.value;
  const list =
    rule.kind === 'free'
      ? rule.stepMilli === null
        ? t('setEditor.preview.free', { max: points(row.maxMilli) })
        : t('setEditor.preview.step', { max: points(row.maxMilli), step: points(rule.stepMilli) })
      : rule.kind === 'ratio'
        ? rule.bands.map((b) => `${b.label} → ${points(b.pointsMilli)}`).join('; ')
        : rule.options.map((o) => `${o.label} → ${points(o.pointsMilli)}`).join('; ');
  return { ok: true, text: t('setEditor.preview.ok', { code: row.code, rule: list }) };
}
