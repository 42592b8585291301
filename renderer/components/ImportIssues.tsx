// Every problem of a refused workbook, located the way a person finds it in Excel. Used for the
// campaign import and for the previous year's results.

import type { ImportIssue } from '../../shared/errors.js';
import { useT, type Translate } from '../i18n.js';
import type { ImportFailure } from '../store/campaignSlice.js';

export function describeIssueText(t: Translate, issue: ImportIssue): string {
  const where = [t('import.sheet', { sheet: issue.sheet })];
  if (issue.row !== null) where.push(t('import.row', { row: issue.row }));
  if (issue.column !== null) where.push(t('import.column', { column: issue.column }));
  return t('import.issue', { where: where.join(', '), message: issue.message });
}

interface ImportIssuesProps {
  failure: ImportFailure | null;
  onClose: () => void;
  testId?: string;
}

export function ImportIssues({ failure, onClose, testId = 'import-issues' }: ImportIssuesProps) {
  const t = useT();
  if (!failure) return null;
  return (
    <section className="issues" data-testid={testId} role="alert">
      <div className="issues-head">
        <strong>{t('import.failedTitle', { file: failure.fileName, count: failure.issues.length })}</strong>
        <span className="toolbar-spacer" />
        <button type="button" className="link" onClick={onClose} data-testid={`${testId}-close`}>
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
