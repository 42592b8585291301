// Every problem of a refused workbook, located the way a person finds it in Excel.

import type { ImportIssue } from '../../../shared/errors.js';
import { useT, type Translate } from '../../i18n.js';
import { useStore } from '../../store/index.js';

export function describeIssueText(t: Translate, issue: ImportIssue): string {
  const where = [t('import.sheet', { sheet: issue.sheet })];
  if (issue.row !== null) where.push(t('import.row', { row: issue.row }));
  if (issue.column !== null) where.push(t('import.column', { column: issue.column }));
  return t('import.issue', { where: where.join(', '), message: issue.message });
}

export function ImportIssues() {
  const t = useT();
  const failure = useStore((s) => s.importFailure);
  const clear = useStore((s) => s.clearImportFailure);
  if (!failure) return null;
  return (
    <section className="issues" data-testid="import-issues" role="alert">
      <div className="issues-head">
        <strong>{t('import.failedTitle', { file: failure.fileName, count: failure.issues.length })}</strong>
        <span className="toolbar-spacer" />
        <button type="button" className="link" onClick={clear} data-testid="import-issues-close">
          {t('common.close')}
        </button>
      </div>
      <p className="issues-message">{failure.message}</p>
      <ol className="issues-list">
        {failure.issues.map((issue, i) => (
          <li key={i} data-testid="import-issue">
            {describeIssueText(t, issue)}
          </li>
        ))}
      </ol>
      <p className="issues-hint">{t('import.unchanged')}</p>
    </section>
  );
}
