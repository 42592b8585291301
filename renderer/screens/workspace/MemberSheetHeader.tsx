// Member mode: the open unit's figures as this member sees them (their proposals over the final
// scores), their progress in the unit, reasons still missing, the save state, and the unit's tools.

import type { MemberSheet } from '../../../shared/contract.js';
import { isMeasured } from '../../../shared/domain.js';
import { percent, points } from '../../format.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { ProgressBar } from './ProgressBar.js';
import { SheetSetName } from '../scoring/SheetSetName.js';
import { Icon } from '../../components/Icon.js';

interface MemberSheetHeaderProps {
  sheet: MemberSheet;
  panelOpen: boolean;
  onTogglePanel: () => void;
  onImportBundle: () => void;
  onVerify: () => void;
}

export function SaveIndicator() {
  const t = useT();
  const pendingWrites = useStore((s) => s.pendingWrites);
  const saveFailed = useStore((s) => s.saveFailed);
  const lastSavedAt = useStore((s) => s.lastSavedAt);
  const state = pendingWrites > 0 ? 'saving' : saveFailed ? 'error' : lastSavedAt !== null ? 'saved' : 'idle';
  const text = { saving: t('status.saving'), error: t('workspace.saveFailed'), saved: t('workspace.saved'), idle: t('scoring.autosave') }[state];
  return (
    <span className={`save-indicator save-${state}`} data-testid="save-indicator" data-state={state} aria-live="polite">
      <span className="save-dot" aria-hidden="true" />
      {text}
    </span>
  );
}

export function MemberSheetHeader({ sheet, panelOpen, onTogglePanel, onImportBundle, onVerify }: MemberSheetHeaderProps) {
  const t = useT();
  const uploading = useStore((s) => s.uploads.some((u) => u.criterionCode === null));
  const areas = sheet.rows.filter((r) => r.depth === 0 && isMeasured(r.kind));
  const done = sheet.assignedLeaves > 0 && sheet.proposedLeaves >= sheet.assignedLeaves;
  return (
    <div className="sheet-header member-header" data-testid="sheet-header">
      <div className="sheet-title">
        <h1 className="unit-name" data-testid="sheet-unit-name">
          {sheet.unit.name}
        </h1>
        <span className="muted">{sheet.unit.groupName}</span>
        <SheetSetName set={sheet.set} />
        <span className={sheet.round === 2 ? 'status-pill round-pill round-2' : 'status-pill round-pill'} data-testid="member-round" data-round={sheet.round}>
          {t('rounds.memberRound', { round: sheet.round })}
        </span>
        <span className="toolbar-spacer" />
        <SaveIndicator />
        <button type="button" onClick={onImportBundle} disabled={uploading || sheet.recused} data-testid="bundle-import" title={t('bundle.hint')}>
          {t('bundle.import')}
        </button>
        <button type="button" onClick={onVerify} data-testid="integrity-open">
          {t('integrity.open')}
        </button>
        <button type="button" onClick={onTogglePanel} aria-pressed={panelOpen} data-testid="panel-toggle" title={t('panel.toggleHint')}>
          {panelOpen ? t('panel.hide') : t('panel.show')}
        </button>
      </div>
      {sheet.round === 2 && (
        <p className="notice small round2-banner" role="note" data-testid="round2-banner">
          {t('rounds.memberRound2Hint')}
        </p>
      )}
      {sheet.closed && !sheet.recused && (
        <p className="lock-note" role="note" data-testid="closed-banner">
          <Icon name="lock" /> {t('workspace.closedBanner')}
        </p>
      )}
      {sheet.recused && (
        <p className="recused-banner" role="note" data-testid="recused-banner">
          <Icon name="ban" /> {t('workspace.recusedBanner', { reason: sheet.recusalReason })}
        </p>
      )}
      <dl className="figures">
        <div className="figure figure-progress">
          <dt>{t('workspace.unitProgress')}</dt>
          <dd className="num" data-testid="unit-progress">
            <span className={done ? 'done' : ''}>
              {sheet.proposedLeaves}/{sheet.assignedLeaves}
            </span>
            <ProgressBar done={sheet.proposedLeaves} total={sheet.assignedLeaves} />
          </dd>
        </div>
        <div className="figure">
          <dt>{t('workspace.missingReasonsLabel')}</dt>
          <dd className={sheet.missingReasons > 0 ? 'num warn-text' : 'num'} data-testid="missing-reasons">
            {sheet.missingReasons}
          </dd>
        </div>
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
        <div className="figure figure-main" title={t('workspace.figuresNote')}>
          <dt>{t('scoring.index')}*</dt>
          <dd className="num" data-testid="sheet-index">
            {percent(sheet.indexHundredths)}%
          </dd>
        </div>
        <div className="components" data-testid="sheet-components">
          {areas.map((a) => {
            const value = sheet.components[a.code] ?? null;
            return (
              <span key={a.code} className={value !== null && value < 8000 ? 'component low' : 'component'} title={a.name} data-testid={`component-${a.code}`}>
                <span className="component-code">{t('ranking.area', { code: a.code })}</span>
                <span className="num">{value === null ? t('scoring.notApplicableShort') : `${percent(value)}%`}</span>
              </span>
            );
          })}
        </div>
      </dl>
    </div>
  );
}
