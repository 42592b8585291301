// The unit's sheet header: whose sheet, how complete it is (self-scored n/N, documented by evidence or an
// explanation, open requests), the deadlines of tự đánh giá (and giải trình in round 2) with the days
// left, and the unit's own total, labelled as its claim, not the council's result.

import type { SelfSheet } from '../../../shared/contract.js';
import { percent, points } from '../../format.js';
import { useT } from '../../i18n.js';
import { ProgressBar } from '../workspace/ProgressBar.js';
import { completeness, deadlineText } from './selfCells.js';

export function SelfHeader({ sheet }: { sheet: SelfSheet }) {
  const t = useT();
  const c = completeness(sheet);
  const deadlines = [
    { id: 'self', label: t('calendar.phase.tu_danh_gia'), text: deadlineText(sheet.selfDeadline) },
    ...(sheet.round === 2 ? [{ id: 'answer', label: t('calendar.phase.giai_trinh'), text: deadlineText(sheet.answerDeadline) }] : []),
  ];
  return (
    <header className="sheet-header self-header" data-testid="self-header">
      <div className="sheet-title">
        <h2 className="unit-name" data-testid="self-unit-name">
          {sheet.unitName} <span className="muted">({sheet.unitCode})</span>
        </h2>
        <span className="muted small">
          {sheet.groupName} · {t('unit.setName', { name: sheet.setName })}
          {sheet.round === 2 && ` · ${t('unit.round2')}`}
        </span>
      </div>
      {sheet.selfDeadline?.closed && (
        <p className="lock-note self-closed" data-testid="self-closed">
          {t('unit.selfClosedNote')}
        </p>
      )}
      <div className="self-figures">
        <dl className="self-stats">
          <div className="self-stat">
            <dt>{t('unit.fig.scored')}</dt>
            <dd data-testid="self-scored">
              {c.scored}/{c.leaves}
            </dd>
            <ProgressBar done={c.scored} total={c.leaves} />
          </div>
          <div className={c.missing > 0 ? 'self-stat warn' : 'self-stat'}>
            <dt>{t('unit.fig.documented')}</dt>
            <dd data-testid="self-documented">
              {c.documented}/{c.scored}
            </dd>
          </div>
          <div className={c.openRequests > 0 ? 'self-stat warn' : 'self-stat'}>
            <dt>{t('unit.fig.requests')}</dt>
            <dd data-testid="self-open-requests">{c.openRequests}</dd>
          </div>
          {deadlines.map((d) => (
            <div key={d.id} className={d.text?.closed ? 'self-stat warn' : 'self-stat'}>
              <dt>{t('unit.fig.deadline', { phase: d.label })}</dt>
              <dd data-testid={`self-deadline-${d.id}`}>
                {d.text ? t(d.text.key, d.text.params) : t('calendar.none')}
              </dd>
            </div>
          ))}
        </dl>
        <div className="self-claim" data-testid="self-claim" title={t('unit.claimHint')}>
          <span className="self-claim-label">{t('unit.claimLabel')}</span>
          <span className="self-claim-value">
            <strong data-testid="self-total">{points(sheet.totalMilli)}</strong> / <span data-testid="self-max">{points(sheet.maxMilli)}</span>{' '}
            <span className="muted">({percent(sheet.indexHundredths)})</span>
          </span>
        </div>
      </div>
    </header>
  );
}
