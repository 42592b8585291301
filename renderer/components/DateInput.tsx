// A date typed the Vietnamese way (dd/mm/yyyy) whatever the system locale; the value is ISO yyyy-mm-dd.

import { useState } from 'react';
import { displayDate } from '../format.js';
import { useT } from '../i18n.js';

/** dd/mm/yyyy (also with - or .) → yyyy-mm-dd; '' stays ''; null when not a real date. */
export function parseVietnameseDate(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Why a typed date is refused: not written dd/mm/yyyy, or written so but no such day (31/02/2026). */
export function dateProblem(text: string): 'format' | 'notReal' | null {
  if (parseVietnameseDate(text) !== null) return null;
  return /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.test(text.trim()) ? 'notReal' : 'format';
}

interface DateInputProps {
  value: string;
  /** Called with the ISO date, or null while the text is not a valid date. */
  onChange: (iso: string | null) => void;
  testId: string;
  label: string;
}

export function DateInput({ value, onChange, testId, label }: DateInputProps) {
  const t = useT();
  const [text, setText] = useState(() => displayDate(value));
  const problem = dateProblem(text);
  const invalid = problem !== null;
  return (
    <>
      <input
        value={text}
        placeholder={t('common.datePlaceholder')}
        aria-label={label}
        aria-invalid={invalid}
        onChange={(e) => {
          setText(e.target.value);
          onChange(parseVietnameseDate(e.target.value));
        }}
        data-testid={testId}
      />
      {problem !== null && (
        <span className="field-error" data-testid={`${testId}-error`}>
          {problem === 'notReal' ? t('common.dateNotReal', { date: text.trim() }) : t('common.dateInvalid')}
        </span>
      )}
    </>
  );
}
