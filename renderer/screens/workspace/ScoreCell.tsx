// The score cell of a member's row, shaped by the rule: option buttons (a choice cell: digits pick a
// level), a percentage, two declared figures, or free points; a locked or not-applicable cell says why.

import type { EntryCheck } from './entry.js';
import { isOptionRule } from './entry.js';
import { Icon } from '../../components/Icon.js';
import { points } from '../../format.js';
import { displayDraft, LOCK_SHORT, selectedOption } from './memberCells.js';
import type { MemberRowProps } from './MemberRow.js';

export interface ScoreCellProps extends MemberRowProps {
  error: string | null;
  check: EntryCheck | null;
  lockText: string;
}

/** The input that fits the rule: option buttons, a percentage, two figures, or free points. */
export function ScoreCell({ row, draft, t, error, check, lockText, onDraft, onBlurScore, onPick }: ScoreCellProps) {
  const rule = row.parsedRule;
  const label = t('workspace.scoreOf', { code: row.code });
  if (row.locked !== '') {
    return (
      <div className="locked-cell" tabIndex={-1} data-cell="locked" title={lockText} aria-label={`${label}: ${lockText}`} aria-readonly="true" data-focus={row.code} data-part="score" data-testid={`score-${row.code}`}>
        <Icon name="lock" />
        <span className="lock-text">{t(LOCK_SHORT[row.locked])}</span>
        {row.proposalMilli !== null && <span className="num">{points(row.proposalMilli)}</span>}
      </div>
    );
  }
  if (!row.applicable) {
    return (
      <div className="locked-cell na-cell" tabIndex={-1} data-cell="choice" data-options={0} title={t('lock.notApplicable')} data-focus={row.code} data-part="score" data-testid={`score-${row.code}`}>
        {t('scoring.notApplicableShort')}
      </div>
    );
  }
  if (isOptionRule(rule)) {
    const chosen = selectedOption(row);
    return (
      <div className="opts" role="radiogroup" aria-label={label} tabIndex={0} data-cell="choice" data-options={rule.options.length} data-focus={row.code} data-part="score" data-testid={`score-${row.code}`} data-chosen={chosen}>
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
            data-testid={`opt-${row.code}-${i + 1}`}
          >
            <kbd>{i + 1}</kbd>
            <span className="opt-label">{o.label}</span>
            <span className="opt-pts">{points(o.pointsMilli)}</span>
          </button>
        ))}
      </div>
    );
  }
  const shown = draft ?? displayDraft(row);
  const live = check ? (check.ok ? check.pointsMilli : null) : row.proposalMilli;
  const result = (
    <span className="live-points" data-testid={`live-${row.code}`}>
      {live === null ? '' : t('workspace.points', { points: points(live) })}
    </span>
  );
  const errorNote = error && (
    <span className="cell-error" role="alert" data-testid={`score-error-${row.code}`}>
      {error}
    </span>
  );
  if (rule.kind === 'ratio' && rule.figures) {
    return (
      <div className="figures-cell">
        <input
          className="score-input figure-input"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          value={shown.a}
          placeholder={rule.figures.numerator}
          title={rule.figures.numerator}
          aria-label={`${label} — ${t('workspace.numerator')}: ${rule.figures.numerator}`}
          aria-invalid={error !== null}
          onChange={onDraft}
          onBlur={onBlurScore}
          onFocus={(e) => e.target.select()}
          data-focus={row.code}
          data-part="score"
          data-figure="numerator"
          data-testid={`score-${row.code}`}
        />
        <span className="figure-slash">/</span>
        <input
          className="score-input figure-input"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          value={shown.b}
          placeholder={rule.figures.denominator}
          title={rule.figures.denominator}
          aria-label={`${label} — ${t('workspace.denominator')}: ${rule.figures.denominator}`}
          aria-invalid={error !== null}
          onChange={onDraft}
          onBlur={onBlurScore}
          onFocus={(e) => e.target.select()}
          data-part="score"
          data-figure="denominator"
          data-testid={`score2-${row.code}`}
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
        className="score-input"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={shown.a}
        placeholder={rule.kind === 'free' && rule.stepMilli ? t('workspace.stepHint', { step: points(rule.stepMilli) }) : ''}
        aria-label={percent ? `${label} (%)` : label}
        aria-invalid={error !== null}
        onChange={onDraft}
        onBlur={onBlurScore}
        onFocus={(e) => e.target.select()}
        data-focus={row.code}
        data-part="score"
        data-testid={`score-${row.code}`}
      />
      {percent && <span className="unit-suffix">%</span>}
      {percent && result}
      {errorNote}
    </div>
  );
}
