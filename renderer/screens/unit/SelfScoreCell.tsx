// The self-score cell of a unit's row, shaped by the rule as the members' cell is (same classes, same
// keys): option buttons (digits pick a level), a percentage, two declared figures ("Hồ sơ đúng hạn / Tổng
// số hồ sơ") with the ratio's points beside them, or free points; a locked or not-applicable cell says why,
// and past the tự đánh giá deadline the claim stays shown, read-only.

import type { ChangeEvent, FocusEvent } from 'react';
import type { SelfSheetRow } from '../../../shared/contract.js';
import { Icon } from '../../components/Icon.js';
import { points } from '../../format.js';
import type { Translate } from '../../i18n.js';
import { isOptionRule, type EntryCheck } from '../workspace/entry.js';
import { selfDisplayDraft, selfLockKey, selfSelectedOption, type SelfDraft } from './selfCells.js';

export interface SelfScoreCellProps {
  row: SelfSheetRow;
  draft: SelfDraft | undefined;
  check: EntryCheck | null;
  error: string | null;
  t: Translate;
  onDraft: (event: ChangeEvent<HTMLInputElement>) => void;
  onBlurScore: (event: FocusEvent<HTMLInputElement>) => void;
  onPick: (code: string, index: number) => void;
}

export function SelfScoreCell({ row, draft, check, error, t, onDraft, onBlurScore, onPick }: SelfScoreCellProps) {
  const rule = row.parsedRule;
  const label = t('unit.scoreOf', { code: row.code });
  const lock = selfLockKey(row);
  if (row.locked === 'closed') {
    const text = t('unit.lock.closed');
    const value = row.selfNotApplicable ? t('unit.naClaimed') : row.selfMilli === null ? '—' : points(row.selfMilli);
    return (
      <div className="locked-cell" tabIndex={-1} data-cell="locked" data-lock="closed" title={text} aria-label={`${label}: ${value}. ${text}`} aria-readonly="true" data-focus={row.code} data-part="score" data-testid={`self-score-${row.code}`}>
        <Icon name="lock" />
        <span className="lock-text num-inline">{value}</span>
      </div>
    );
  }
  if (lock) {
    const text = t(lock);
    return (
      <div className="locked-cell" tabIndex={-1} data-cell="locked" title={text} aria-label={`${label}: ${text}`} aria-readonly="true" data-focus={row.code} data-part="score" data-testid={`self-score-${row.code}`}>
        <Icon name="lock" />
        <span className="lock-text">{t(row.locked === 'survey' ? 'unit.lockShort.survey' : 'unit.lockShort.notApplicable')}</span>
      </div>
    );
  }
  if (row.selfNotApplicable) {
    return (
      <div className="locked-cell na-cell" tabIndex={-1} data-cell="choice" data-options={0} title={row.selfReason} aria-label={`${label}: ${t('unit.naClaimed')}`} data-focus={row.code} data-part="score" data-testid={`self-score-${row.code}`}>
        {t('unit.naClaimed')}
      </div>
    );
  }
  if (isOptionRule(rule)) {
    const chosen = selfSelectedOption(row);
    return (
      <div className="opts" role="radiogroup" aria-label={label} tabIndex={0} data-cell="choice" data-options={rule.options.length} data-focus={row.code} data-part="score" data-testid={`self-score-${row.code}`} data-chosen={chosen}>
        {rule.options.map((o, i) => (
          <button
            key={i}
            type="button"
            role="radio"
            tabIndex={-1}
            aria-checked={chosen === i}
            className={chosen === i ? 'opt on' : 'opt'}
            title={t('workspace.optionTitle', { n: i + 1, label: o.label, points: points(o.pointsMilli) })}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onPick(row.code, i)}
            data-testid={`self-opt-${row.code}-${i + 1}`}
          >
            <kbd>{i + 1}</kbd>
            <span className="opt-label">{o.label}</span>
            <span className="opt-pts">{points(o.pointsMilli)}</span>
          </button>
        ))}
      </div>
    );
  }
  const shown = draft ?? selfDisplayDraft(row);
  const live = check ? (check.ok ? check.pointsMilli : null) : row.selfMilli;
  const result = (
    <span className="live-points" data-testid={`self-live-${row.code}`}>
      {live === null ? '' : t('workspace.points', { points: points(live) })}
    </span>
  );
  const errorNote = error && (
    <span className="cell-error" role="alert" data-testid={`self-error-${row.code}`}>
      {error}
    </span>
  );
  const common = {
    className: 'score-input',
    inputMode: 'decimal' as const,
    autoComplete: 'off',
    spellCheck: false,
    'aria-invalid': error !== null,
    onChange: onDraft,
    onBlur: onBlurScore,
    onFocus: (e: FocusEvent<HTMLInputElement>) => e.target.select(),
    'data-part': 'score',
  };
  if (rule.kind === 'ratio' && rule.figures) {
    return (
      <div className="figures-cell">
        <input
          {...common}
          className="score-input figure-input"
          value={shown.a}
          placeholder={rule.figures.numerator}
          title={rule.figures.numerator}
          aria-label={`${label} — ${t('workspace.numerator')}: ${rule.figures.numerator}`}
          data-focus={row.code}
          data-figure="numerator"
          data-testid={`self-score-${row.code}`}
        />
        <span className="figure-slash">/</span>
        <input
          {...common}
          className="score-input figure-input"
          value={shown.b}
          placeholder={rule.figures.denominator}
          title={rule.figures.denominator}
          aria-label={`${label} — ${t('workspace.denominator')}: ${rule.figures.denominator}`}
          data-figure="denominator"
          data-testid={`self-score2-${row.code}`}
        />
        {result}
        {errorNote}
      </div>
    );
  }
  const percent = rule.kind === 'ratio';
  return (
    <div className={percent ? 'percent-cell' : 'points-cell'}>
      <input
        {...common}
        value={shown.a}
        placeholder={rule.kind === 'free' && rule.stepMilli ? t('workspace.stepHint', { step: points(rule.stepMilli) }) : ''}
        aria-label={percent ? `${label} (%)` : label}
        data-focus={row.code}
        data-testid={`self-score-${row.code}`}
      />
      {percent && <span className="unit-suffix">%</span>}
      {percent && result}
      {errorNote}
    </div>
  );
}
