// One row of the member grid: code, criterion (with its rule, evidence and request chips), maximum,
// self-score, the score cell that fits the rule, the reason, "not applicable" and the achieved points.
// Only rows whose own values changed re-render when a new sheet arrives.

import { memo, type ChangeEvent, type DragEvent, type FocusEvent } from 'react';
import type { MemberSheetRow } from '../../../shared/contract.js';
import { Icon } from '../../components/Icon.js';
import { points } from '../../format.js';
import type { Translate } from '../../i18n.js';
import { checkMemberDraft, editable, LOCK_MESSAGES, type Draft } from './memberCells.js';
import { ScoreCell } from './ScoreCell.js';
import { rowClasses, rowKeyAttributes } from '../../components/grid/frame.js';

export interface MemberRowProps {
  row: MemberSheetRow;
  draft: Draft | undefined;
  reasonDraft: string | undefined;
  refusal: string | null;
  dropping: boolean;
  branchEditable: boolean;
  t: Translate;
  onDraft: (event: ChangeEvent<HTMLInputElement>) => void;
  onReasonDraft: (event: ChangeEvent<HTMLInputElement>) => void;
  onBlurScore: (event: FocusEvent<HTMLInputElement>) => void;
  onBlurReason: (event: FocusEvent<HTMLInputElement>) => void;
  onPick: (code: string, index: number) => void;
  onToggle: (code: string) => void;
  onShowDetails: (code: string) => void;
  onDragOver: (event: DragEvent<HTMLTableRowElement>) => void;
  onDragLeave: (event: DragEvent<HTMLTableRowElement>) => void;
  onDrop: (event: DragEvent<HTMLTableRowElement>) => void;
}

const KIND_BADGE = { survey: 'sheet.kindSurvey', bonus: 'sheet.kindBonus', penalty: 'sheet.kindPenalty' } as const;
const STATUS_KEYS = { open: 'requests.status.open', answered: 'requests.status.answered', withdrawn: 'requests.status.withdrawn' } as const;

function sameRow(a: MemberSheetRow, b: MemberSheetRow): boolean {
  if (a === b) return true;
  for (const key of Object.keys(a) as Array<keyof MemberSheetRow>) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (typeof x === 'object' && x !== null && JSON.stringify(x) === JSON.stringify(y)) continue;
    return false;
  }
  return true;
}

export const MemberRow = memo(
  function MemberRow(props: MemberRowProps) {
    const { row, draft, reasonDraft, refusal, dropping, branchEditable, t } = props;
    const check = draft === undefined ? null : checkMemberDraft(row, draft);
    const error = check && !check.ok ? t(check.error, check.params) : null;
    const isEditable = editable(row);
    const classes = rowClasses(row);
    if (!row.applicable) classes.push('na');
    if (row.isLeaf && row.locked !== '') classes.push('locked');
    if (row.needsReason) classes.push('needs-reason');
    if (error) classes.push('invalid');
    if (dropping) classes.push('drop-target');
    const badge = row.kind === 'appraised' ? null : KIND_BADGE[row.kind];
    const lockText = row.locked === '' || row.locked === 'not_leaf' ? '' : t(LOCK_MESSAGES[row.locked]);
    const openRequest = row.requests.find((q) => q.status === 'open');
    const lastRequest = openRequest ?? row.requests.at(-1);
    const state = !row.isLeaf ? 'branch' : !row.applicable ? 'na' : row.proposalMilli === null ? 'unscored' : 'scored';
    return (
      <tr
        className={classes.join(' ')}
        {...rowKeyAttributes(row)}
        data-testid={`mrow-${row.code}`}
        data-locked={row.locked}
        data-rule={row.isLeaf ? row.parsedRule.kind : undefined}
        data-self={row.selfMilli ?? ''}
        data-proposal={row.proposalMilli ?? ''}
        data-state={state}
        data-needs-reason={row.needsReason ? 'true' : 'false'}
        onDragOver={row.isLeaf ? props.onDragOver : undefined}
        onDragLeave={row.isLeaf ? props.onDragLeave : undefined}
        onDrop={row.isLeaf ? props.onDrop : undefined}
      >
        <td className="code">{row.code}</td>
        <td className="name" style={{ paddingLeft: `${6 + row.depth * 14}px` }} title={row.rule ? `${row.name}\n${t('sheet.rule')}: ${row.rule}` : row.name}>
          <div className="name-text">
            {row.name}
            {badge && <span className="badge">{t(badge)}</span>}
          </div>
          {row.isLeaf && (row.rule || row.evidenceCount > 0 || row.explanation || lastRequest) && (
            <div className="name-meta">
              {row.rule && <span className="rule-text">{row.rule}</span>}
              {row.evidenceCount > 0 && (
                <button type="button" tabIndex={-1} className="chip chip-evidence" onClick={() => props.onShowDetails(row.code)} data-testid={`evidence-count-${row.code}`}>
                  <Icon name="clip" /> {t('workspace.evidenceCount', { count: row.evidenceCount })}
                </button>
              )}
              {row.explanation && (
                <button type="button" tabIndex={-1} className="chip chip-explanation" title={row.explanation} onClick={() => props.onShowDetails(row.code)}>
                  <Icon name="message" /> {t('workspace.hasExplanation')}
                </button>
              )}
              {lastRequest && (
                <span className={`chip chip-request status-${lastRequest.status}`} data-testid={`request-status-${row.code}`} data-status={lastRequest.status}>
                  {t(STATUS_KEYS[lastRequest.status])}
                </span>
              )}
            </div>
          )}
        </td>
        <td className="num">{points(row.maxMilli)}</td>
        <td className="num self" data-testid={`self-${row.code}`} title={row.selfNotApplicable ? t('sheet.selfClaimNa', { reason: row.selfReason }) : undefined}>
          {row.selfNotApplicable ? t('sheet.selfClaimNaShort') : row.isLeaf ? points(row.selfMilli) : ''}
        </td>
        <td className="score-cell">
          {row.isLeaf && <ScoreCell {...props} error={error} check={check} lockText={lockText} />}
          {row.isLeaf && (row.round1ProposalMilli !== null || row.round1ProposalNotApplicable || row.round1FinalMilli !== null || row.round1FinalNotApplicable) && (
            <span className="round1-hint small muted" data-testid={`round1-${row.code}`}>
              {t('rounds.round1Cell', {
                mine: row.round1ProposalNotApplicable ? t('consolidate.na') : row.round1ProposalMilli === null ? '—' : points(row.round1ProposalMilli),
                final: row.round1FinalNotApplicable ? t('consolidate.na') : row.round1FinalMilli === null ? '—' : points(row.round1FinalMilli),
              })}
            </span>
          )}
          {refusal && (
            <span className="cell-error refusal" role="alert" data-testid={`refusal-${row.code}`}>
              {refusal}
            </span>
          )}
        </td>
        <td className="reason-cell">
          {row.isLeaf && isEditable ? (
            <input
              className={row.needsReason ? 'reason-input required' : 'reason-input'}
              value={reasonDraft ?? row.reason}
              placeholder={row.needsReason ? t('workspace.reasonRequired') : t('workspace.reasonOptional')}
              aria-label={t('workspace.reasonOf', { code: row.code })}
              aria-invalid={row.needsReason}
              maxLength={2000}
              onChange={props.onReasonDraft}
              onBlur={props.onBlurReason}
              data-focus={row.code}
              data-part="reason"
              data-testid={`reason-${row.code}`}
            />
          ) : row.isLeaf && row.reason ? (
            <span className="muted small">{row.reason}</span>
          ) : null}
        </td>
        <td className="center">
          {(row.isLeaf ? isEditable : branchEditable) && (
            <input
              type="checkbox"
              tabIndex={-1}
              onMouseDown={(e) => e.preventDefault()}
              checked={row.proposalNotApplicable}
              onChange={() => props.onToggle(row.code)}
              aria-label={t('sheet.notApplicableOf', { code: row.code })}
              data-testid={`mna-${row.code}`}
            />
          )}
        </td>
        <td className="num result" data-testid={`machieved-${row.code}`}>
          {row.isLeaf ? (
            row.applicable ? (
              row.proposalMilli === null && row.pointsMilli === null && row.round1FinalMilli === null ? (
                ''
              ) : (
                points(row.subtotalMilli)
              )
            ) : (
              '—'
            )
          ) : (
            <strong>
              {points(row.subtotalMilli)} / {points(row.subMaxMilli)}
            </strong>
          )}
        </td>
      </tr>
    );
  },
  (a, b) =>
    a.draft === b.draft &&
    a.reasonDraft === b.reasonDraft &&
    a.refusal === b.refusal &&
    a.dropping === b.dropping &&
    a.branchEditable === b.branchEditable &&
    a.t === b.t &&
    a.onDraft === b.onDraft &&
    a.onPick === b.onPick &&
    a.onToggle === b.onToggle &&
    a.onBlurScore === b.onBlurScore &&
    a.onBlurReason === b.onBlurReason &&
    a.onReasonDraft === b.onReasonDraft &&
    a.onShowDetails === b.onShowDetails &&
    a.onDrop === b.onDrop &&
    sameRow(a.row, b.row),
);
