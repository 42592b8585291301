// The open unit's totals: points, applicable maximum, index, and the component index of each area.

import type { UnitSheet } from '../../../shared/contract.js';
import { isMeasured } from '../../../shared/domain.js';
import { percent, points } from '../../format.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { SheetSetName } from './SheetSetName.js';

export function SheetHeader({ sheet }: { sheet: UnitSheet }) {
  const t = useT();
  const pendingWrites = useStore((s) => s.pendingWrites);
  const areas = sheet.rows.filter((r) => r.depth === 0 && isMeasured(r.kind));
  const extras = sheet.bonusMilli !== 0 || sheet.penaltyMilli !== 0 || sheet.surveyMilli !== 0;
  return (
    <div className="sheet-header" data-testid="sheet-header">
      <div className="sheet-title">
        <h1 className="unit-name" data-testid="sheet-unit-name">
          {sheet.unit.name}
        </h1>
        <span className="muted">{sheet.unit.groupName}</span>
        <SheetSetName set={sheet.set} />
      </div>
      <dl className="figures">
        <div className="figure">
          <dt>{t('scoring.total')}</dt>
          <dd className="num" data-testid="sheet-total">
            {points(sheet.totalMilli)}
          </dd>
        </div>
        <div className="figure">
          <dt>{t('scoring.max')}</dt>
          <dd className="num" data-testid="sheet-max">
            {points(sheet.maxMilli)}
          </dd>
        </div>
        <div className="figure figure-main">
          <dt>{t('scoring.index')}</dt>
          <dd className="num" data-testid="sheet-index">
            {percent(sheet.indexHundredths)}%
          </dd>
        </div>
        <div className="figure">
          <dt>{t('scoring.progress')}</dt>
          <dd className="num" data-testid="sheet-progress">
            {sheet.scoredLeaves}/{sheet.totalLeaves}
          </dd>
        </div>
        {extras && (
          <div className="figure">
            <dt>{t('scoring.extras')}</dt>
            <dd className="num small">
              {t('scoring.extrasValue', {
                survey: points(sheet.surveyMilli),
                bonus: points(sheet.bonusMilli),
                penalty: points(sheet.penaltyMilli),
              })}
            </dd>
          </div>
        )}
        <div className="figure save-figure" aria-live="polite">
          <dt>&nbsp;</dt>
          <dd className="muted small">{pendingWrites > 0 ? t('status.saving') : t('scoring.autosave')}</dd>
        </div>
      </dl>
      <div className="components" data-testid="sheet-components">
        <span className="components-label">{t('scoring.components')}</span>
        {areas.map((a) => {
          const value = sheet.components[a.code] ?? null;
          return (
            <span key={a.code} className={value !== null && value < 8000 ? 'component low' : 'component'} title={a.name} data-testid={`component-${a.code}`}>
              <span className="component-code">{a.code}</span>
              <span className="num">{value === null ? t('scoring.notApplicableShort') : `${percent(value)}%`}</span>
            </span>
          );
        })}
      </div>
    </div>
  );
}
