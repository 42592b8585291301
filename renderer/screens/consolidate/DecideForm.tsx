// The secretariat's decision on one cell: points (decimal comma) or not applicable, and a required
// reason. Ctrl+Enter saves from anywhere in the form; Escape hands the keyboard back to the queue.

import { forwardRef, useImperativeHandle, useRef, useState } from 'react';
import type { QueueItem } from '../../../shared/contract.js';
import { formatPoints, parsePointsText } from '../../../shared/numbers.js';
import { checkScore } from '../../../shared/rules.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';

export interface DecideFormHandle {
  focus: () => void;
}

interface DecideFormProps {
  item: QueueItem;
  locked: boolean;
  /** After a save or on Escape: the queue takes the keyboard back. */
  onDone: () => void;
}

export const DecideForm = forwardRef<DecideFormHandle, DecideFormProps>(function DecideForm({ item, locked, onDone }, ref) {
  const t = useT();
  const decide = useStore((s) => s.decide);
  const language = useStore((s) => s.language);
  const [pointsText, setPointsText] = useState(item.finalMilli !== null && !item.finalNotApplicable ? formatPoints(item.finalMilli) : '');
  const [notApplicable, setNotApplicable] = useState(item.finalNotApplicable);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const pointsRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  useImperativeHandle(ref, () => ({
    focus: () => {
      const target = notApplicable ? reasonRef.current : pointsRef.current;
      target?.focus();
      if (target instanceof HTMLInputElement) target.select();
    },
  }));

  const save = async () => {
    if (locked || saving) return;
    const milli = notApplicable ? null : parsePointsText(pointsText);
    if (!notApplicable && (milli === null || milli < 0)) {
      setError(t('consolidate.decidePointsInvalid'));
      pointsRef.current?.focus();
      return;
    }
    // The leaf's rule, checked as the service checks it, in the same words.
    const offRule = notApplicable ? null : checkScore(item.leaf, milli, language);
    if (offRule !== null) {
      setError(offRule);
      pointsRef.current?.focus();
      return;
    }
    if (reason.trim() === '') {
      setError(t('consolidate.decideReasonRequired'));
      reasonRef.current?.focus();
      return;
    }
    setError(null);
    setSaving(true);
    const ok = await decide(item.unitCode, item.criterionCode, milli, notApplicable, reason.trim());
    setSaving(false);
    if (ok) onDone();
  };

  return (
    <form
      className="decide-form"
      data-testid="decide-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void save();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          onDone();
        }
      }}
    >
      <h3 className="subsection-title">{t('consolidate.decideTitle')}</h3>
      {locked && <p className="notice warn">{t('consolidate.locked')}</p>}
      <div className="decide-row">
        <label className="field decide-points">
          <span>{t('consolidate.decidePoints')}</span>
          <input
            ref={pointsRef}
            className="num"
            inputMode="decimal"
            value={notApplicable ? '' : pointsText}
            disabled={locked || notApplicable}
            onChange={(e) => setPointsText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
                e.preventDefault();
                reasonRef.current?.focus();
              }
            }}
            aria-invalid={error !== null && error !== t('consolidate.decideReasonRequired')}
            data-testid="decide-points"
          />
        </label>
        <label className="checkbox decide-na">
          <input type="checkbox" checked={notApplicable} disabled={locked} onChange={(e) => setNotApplicable(e.target.checked)} data-testid="decide-na" />
          <span>{t('consolidate.decideNotApplicable')}</span>
        </label>
      </div>
      <label className="field">
        <span>{t('consolidate.decideReason')}</span>
        <textarea
          ref={reasonRef}
          rows={2}
          maxLength={2000}
          value={reason}
          disabled={locked}
          placeholder={t('consolidate.decideReasonPlaceholder')}
          onChange={(e) => setReason(e.target.value)}
          data-testid="decide-reason"
        />
      </label>
      {error && (
        <p className="field-error" role="alert" data-testid="decide-error">
          {error}
        </p>
      )}
      <div className="decide-actions">
        <span className="hint">Ctrl+Enter</span>
        <button type="submit" className="primary" disabled={locked || saving} data-testid="decide-save">
          {t('consolidate.decideSave')}
        </button>
      </div>
    </form>
  );
});
