// Evidence tools of the workspace: the outcome of a unit's bundle import (what was attached, or every
// reason it was refused with nothing written) and the campaign's integrity check (missing or altered
// files by unit and criterion).

import { useEffect } from 'react';
import type { IntegrityProblem } from '../../../shared/contract.js';
import { Modal } from '../../components/Modal.js';
import { fileSize } from '../../format.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { ProgressBar } from './ProgressBar.js';

export function BundleOutcome() {
  const t = useT();
  const result = useStore((s) => s.bundleResult);
  const failure = useStore((s) => s.bundleFailure);
  const allUploads = useStore((s) => s.uploads);
  const uploads = allUploads.filter((u) => u.criterionCode === null);
  const clear = useStore((s) => s.clearBundle);
  return (
    <>
      {uploads.map((u) => (
        <div key={u.id} className="bundle-progress" data-testid="bundle-progress">
          <span>{t('bundle.uploading', { file: u.fileName })}</span>
          <span className="num muted small">
            {fileSize(u.sent)} / {fileSize(u.size)}
          </span>
          <ProgressBar done={u.sent} total={u.size} />
        </div>
      ))}
      {failure && (
        <section className="issues" role="alert" data-testid="bundle-failure">
          <div className="issues-head">
            <strong>{t('bundle.refusedTitle', { file: failure.fileName })}</strong>
            <span className="toolbar-spacer" />
            <button type="button" className="link" onClick={clear} data-testid="bundle-close">
              {t('common.close')}
            </button>
          </div>
          <p className="issues-message" data-testid="bundle-message">
            {failure.message}
          </p>
          {failure.issues.length > 1 && (
            <ol className="issues-list">
              {failure.issues.map((issue, i) => (
                <li key={i} data-testid="bundle-issue">
                  {issue.message}
                </li>
              ))}
            </ol>
          )}
          <p className="issues-hint">{t('bundle.nothingWritten')}</p>
        </section>
      )}
      {result && (
        <section className="bundle-result" role="status" data-testid="bundle-result">
          <strong>{t('bundle.done', { attached: result.attached, files: result.files, size: fileSize(result.bytes) })}</strong>
          {result.alreadyAttached.length > 0 && <span className="muted small">{t('bundle.already', { list: result.alreadyAttached.join(', ') })}</span>}
          {result.skipped.length > 0 && <span className="muted small">{t('bundle.skipped', { list: result.skipped.join(', ') })}</span>}
          <span className="toolbar-spacer" />
          <button type="button" className="link" onClick={clear}>
            {t('common.close')}
          </button>
        </section>
      )}
    </>
  );
}

function groupProblems(list: IntegrityProblem[]): Array<{ unit: string; items: IntegrityProblem[] }> {
  const groups: Array<{ unit: string; items: IntegrityProblem[] }> = [];
  for (const p of list) {
    const name = `${p.unitName} (${p.unitCode})`;
    let g = groups.find((x) => x.unit === name);
    if (!g) groups.push((g = { unit: name, items: [] }));
    g.items.push(p);
  }
  return groups;
}

export function IntegrityDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const report = useStore((s) => s.integrity);
  const running = useStore((s) => s.integrityRunning);
  const verify = useStore((s) => s.verifyEvidence);

  useEffect(() => {
    void useStore.getState().verifyEvidence();
  }, []);

  const sections = report
    ? ([
        ['missing', t('integrity.missing'), report.missing],
        ['altered', t('integrity.altered'), report.altered],
      ] as const)
    : [];
  const clean = report !== null && report.missing.length === 0 && report.altered.length === 0;
  return (
    <Modal
      title={t('integrity.title')}
      testId="integrity-dialog"
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" onClick={() => void verify()} disabled={running} data-testid="integrity-run">
            {t('integrity.again')}
          </button>
          <button type="button" className="primary" onClick={onClose} autoFocus>
            {t('common.close')}
          </button>
        </>
      }
    >
      {running && <p data-testid="integrity-running">{t('busy.verifying')}</p>}
      {report && (
        <div data-testid="integrity-report" data-clean={clean ? 'true' : 'false'}>
          <p>
            {t('integrity.summary', {
              files: report.checkedFiles,
              links: report.checkedLinks,
              size: fileSize(report.checkedBytes),
              ms: report.ms,
            })}
          </p>
          {clean ? (
            <p className="ok-text" data-testid="integrity-clean">
              ✓ {t('integrity.clean')}
            </p>
          ) : (
            sections.map(([key, title, list]) =>
              list.length === 0 ? null : (
                <section key={key} className="integrity-section" data-testid={`integrity-${key}`}>
                  <h3 className="danger-text">
                    {title} ({list.length})
                  </h3>
                  {groupProblems(list).map((g) => (
                    <div key={g.unit} className="integrity-unit">
                      <strong>{g.unit}</strong>
                      <ul>
                        {g.items.map((p) => (
                          <li key={`${p.evidenceId}`}>
                            {t('integrity.item', { code: p.criterionCode, file: p.fileName })}
                          </li>
                        ))}
                      </ul>
                    </div>
                  ))}
                  <p className="muted small">{t(key === 'missing' ? 'integrity.missingHint' : 'integrity.alteredHint')}</p>
                </section>
              ),
            )
          )}
        </div>
      )}
    </Modal>
  );
}
