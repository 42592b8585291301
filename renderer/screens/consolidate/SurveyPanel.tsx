// ĐTXHH và điểm thưởng/trừ: the template to fill in, the import (button or drop) with its located
// error list or its summary, and the points currently stored per unit, read-only.

import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { SurveyImportSummary, SurveyTable } from '../../../shared/contract.js';
import { invoke } from '../../api/client.js';
import { downloadPayload, readFileAsBase64 } from '../../api/files.js';
import { ImportIssues } from '../../components/ImportIssues.js';
import { points } from '../../format.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import type { ImportFailure } from '../../store/campaignSlice.js';
import { errorIssues } from '../../store/uiSlice.js';

export function SurveyPanel({ locked }: { locked: boolean }) {
  const t = useT();
  const campaignId = useStore((s) => s.campaignId);
  const busy = useStore((s) => s.busy.length > 0);
  const [table, setTable] = useState<SurveyTable | null>(null);
  const [failure, setFailure] = useState<ImportFailure | null>(null);
  const [summary, setSummary] = useState<SurveyImportSummary | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (campaignId === null) return;
    let live = true;
    invoke('survey/get', { campaignId })
      .then((value) => live && setTable(value))
      .catch((error: unknown) => useStore.getState().reportError(error));
    return () => {
      live = false;
    };
  }, [campaignId]);

  const downloadTemplate = async () => {
    if (campaignId === null) return;
    const store = useStore.getState();
    try {
      const file = await store.withBusy('busy.exporting', () => invoke('survey/template', { campaignId }));
      downloadPayload(file);
      store.notify('success', { key: 'common.downloaded', params: { file: file.fileName } });
    } catch (error) {
      store.reportError(error);
    }
  };

  const importFile = useCallback(
    async (file: File) => {
      if (campaignId === null) return;
      const store = useStore.getState();
      setFailure(null);
      setSummary(null);
      try {
        const result = await store.runJob('busy.importingSurvey', async (job) => invoke('survey/import', { campaignId, ...(await readFileAsBase64(file)) }, job));
        setSummary(result);
        setTable(result.table);
        store.notify('success', { key: 'survey.imported', params: { file: file.name } });
        // Totals, ranking and the "missing" list now differ.
        useStore.setState({ sheet: null, memberSheet: null });
        store.rankingChanged();
        void store.loadReport();
      } catch (error) {
        const issues = errorIssues(error);
        if (issues.length > 0) setFailure({ fileName: file.name, message: error instanceof Error ? error.message : String(error), issues });
        store.reportError(error);
      }
    },
    [campaignId],
  );

  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && !locked) void importFile(file);
  };

  return (
    <div className="subpanel survey-panel" data-testid="survey-panel">
      <h2 className="section-title">{t('survey.title')}</h2>
      <p className="hint">{t('survey.hint')}</p>
      <div
        className={dragging ? 'survey-import drop-zone dragging' : 'survey-import drop-zone'}
        onDragOver={(e) => {
          e.preventDefault();
          if (!locked) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="survey-drop"
      >
        <button type="button" onClick={() => void downloadTemplate()} disabled={busy || campaignId === null} data-testid="survey-template">
          {t('survey.template')}
        </button>
        <button type="button" className="primary" onClick={() => input.current?.click()} disabled={busy || locked || campaignId === null} data-testid="survey-import">
          {t('survey.import')}
        </button>
        <input
          ref={input}
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          className="visually-hidden"
          tabIndex={-1}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
          data-testid="survey-import-file"
        />
        <span className="muted small">{locked ? t('survey.locked') : t('survey.drop')}</span>
      </div>
      <ImportIssues failure={failure} onClose={() => setFailure(null)} testId="survey-issues" />
      {summary && (
        <p className="notice survey-summary" role="status" data-testid="survey-summary">
          <strong>{t('survey.summaryTitle', { file: summary.fileName })}: </strong>
          {t('survey.summary', { changed: summary.changed, cleared: summary.cleared, unchanged: summary.unchanged, units: summary.units, unitsChanged: summary.unitsChanged })}
        </p>
      )}
      <h3 className="section-title">{t('survey.tableTitle')}</h3>
      {!table ? (
        <p className="empty">{t('common.loading')}</p>
      ) : table.columns.length === 0 ? (
        <p className="empty" data-testid="survey-empty">
          {t('survey.empty')}
        </p>
      ) : (
        <div className="grid-scroll survey-scroll" tabIndex={0} aria-label={t('survey.tableTitle')}>
          <table className="grid survey-table" data-testid="survey-table">
            <thead>
              <tr>
                <th>{t('survey.col.unit')}</th>
                <th>{t('survey.col.group')}</th>
                {table.columns.map((c) => (
                  <th key={c.code} className="num" title={c.name} data-testid={`survey-col-${c.code}`}>
                    <span className="code">{c.code}</span> <span className={`kind-chip kind-${c.kind}`}>{t(`survey.kind.${c.kind}`)}</span>
                    <br />
                    <span className="muted small">{t('survey.max', { max: points(c.maxMilli) })}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r) => (
                <tr key={r.unitCode} data-testid="survey-row" data-unit={r.unitCode}>
                  <td>
                    <span className="code">{r.unitCode}</span> {r.unitName}
                  </td>
                  <td className="muted small survey-group">{r.groupName}</td>
                  {r.values.map((v, i) => (
                    <td key={table.columns[i]!.code} className="num" data-criterion={table.columns[i]!.code}>
                      {v === null ? <span className="muted">—</span> : points(v)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
