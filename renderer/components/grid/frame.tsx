// The parts the three score grids (the secretariat's sheet, a member's proposals, a unit's self-assessment)
// share around their rows: the table with its columns, the scroll box that turns a click or a focus into
// "this row is selected", a row's keyboard attributes, and files dropped on a leaf row.

import { useCallback, useState, type DragEvent, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { cellAt } from './dom.js';

export interface GridColumn {
  /** The `<col>` class that sets the width. */
  col: string;
  header: ReactNode;
  /** `num` or `center` for the heading cell. */
  align?: 'num' | 'center';
  title?: string;
}

/** The table: one `<col>` and one heading per column, the rows as children. */
export function GridTable({ className, label, columns, children }: { className: string; label: string; columns: readonly GridColumn[]; children: ReactNode }) {
  return (
    <table className={className} aria-label={label}>
      <colgroup>
        {columns.map((c, i) => (
          <col key={i} className={c.col} />
        ))}
      </colgroup>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} className={c.align} title={c.title}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

interface GridScrollProps {
  className: string;
  containerRef: RefObject<HTMLDivElement | null>;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
  onSelect: (code: string) => void;
  /** Gives a row the keyboard after a click that landed outside its fields and buttons. */
  focusRow: (code: string) => void;
  testId: string;
  rows: number;
  children: ReactNode;
}

/** The scrolling box of an editing grid: a click anywhere on a row selects it and gives it the keyboard (fields and buttons keep theirs). */
export function GridScroll({ className, containerRef, onKeyDown, onSelect, focusRow, testId, rows, children }: GridScrollProps) {
  return (
    <div
      className={className}
      ref={containerRef}
      onKeyDown={onKeyDown}
      onFocus={(e) => {
        const at = cellAt(e.target);
        if (at) onSelect(at.code);
      }}
      onClick={(e) => {
        const at = cellAt(e.target);
        if (!at) return;
        onSelect(at.code);
        if (!(e.target instanceof HTMLElement && e.target.closest('input, button, textarea, select'))) focusRow(at.code);
      }}
      data-testid={testId}
      data-rows={rows}
    >
      {children}
    </div>
  );
}

interface GridRowShape {
  code: string;
  depth: number;
  isLeaf: boolean;
}

/** A row's classes before its grid adds its own (not applicable, locked, invalid…). */
export const rowClasses = (row: GridRowShape): string[] => ['row', `depth-${Math.min(row.depth, 3)}`, row.isLeaf ? 'leaf' : 'branch'];

/** The attributes the keyboard rules (components/grid/dom.ts) read: a branch row is one focusable cell. */
export function rowKeyAttributes(row: GridRowShape) {
  return {
    'data-code': row.code,
    'data-focus': row.isLeaf ? undefined : row.code,
    'data-part': row.isLeaf ? undefined : 'score',
    'data-cell': row.isLeaf ? undefined : 'row',
    tabIndex: row.isLeaf ? undefined : -1,
  } as const;
}

export interface RowDrop {
  /** The row files are being dragged over, to highlight it. */
  dropCode: string | null;
  onDragOver: (event: DragEvent<HTMLTableRowElement>) => void;
  onDragLeave: (event: DragEvent<HTMLTableRowElement>) => void;
  onDrop: (event: DragEvent<HTMLTableRowElement>) => void;
}

/** Files dropped on a row (its `data-code`) go to `onDropFiles`, as the row's evidence. */
export function useRowDrop(onDropFiles: (code: string, files: File[]) => void): RowDrop {
  const [dropCode, setDropCode] = useState<string | null>(null);
  const onDragOver = useCallback((event: DragEvent<HTMLTableRowElement>) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    const code = event.currentTarget.dataset.code ?? null;
    setDropCode((c) => (c === code ? c : code));
  }, []);
  const onDragLeave = useCallback((event: DragEvent<HTMLTableRowElement>) => {
    if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
    setDropCode(null);
  }, []);
  const onDrop = useCallback(
    (event: DragEvent<HTMLTableRowElement>) => {
      const code = event.currentTarget.dataset.code;
      setDropCode(null);
      if (!code || event.dataTransfer.files.length === 0) return;
      event.preventDefault();
      onDropFiles(code, Array.from(event.dataTransfer.files));
    },
    [onDropFiles],
  );
  return { dropCode, onDragOver, onDragLeave, onDrop };
}
