// "Choose a file, then act": a button that opens a hidden file input, the chosen file's name beside it,
// and optionally a way to clear the choice. The input is reset after every pick, so choosing the same
// file again (after fixing it on disk) is noticed.

import { useRef, type ReactNode } from 'react';

interface FilePickerProps {
  label: string;
  /** Shown when nothing is chosen. */
  emptyText: string;
  file: File | null;
  onChange: (file: File | null) => void;
  accept?: string;
  /** data-testid prefix: `<id>-pick`, `<id>-chosen`, `<id>-file`, `<id>-clear`. */
  testId: string;
  /** Label of the clear button; without it the choice can only be replaced. */
  clearLabel?: string;
  children?: ReactNode;
}

export function FilePicker({ label, emptyText, file, onChange, accept, testId, clearLabel, children }: FilePickerProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="toolbar">
      <button type="button" onClick={() => input.current?.click()} data-testid={`${testId}-pick`}>
        {label}
      </button>
      <span className="muted" data-testid={`${testId}-chosen`}>
        {file ? file.name : emptyText}
      </span>
      {file && clearLabel && (
        <button type="button" className="link" onClick={() => onChange(null)} data-testid={`${testId}-clear`}>
          {clearLabel}
        </button>
      )}
      <input
        ref={input}
        type="file"
        {...(accept ? { accept } : {})}
        className="visually-hidden"
        tabIndex={-1}
        onChange={(e) => {
          onChange(e.target.files?.[0] ?? null);
          e.target.value = '';
        }}
        data-testid={`${testId}-file`}
      />
      {children}
    </div>
  );
}
