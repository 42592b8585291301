// What is typed in a grid's cells and not yet sent, by criterion code. The ref is read by key handlers
// that run before React re-renders (a fast Enter after typing), the state drives the screen.

import { useCallback, useRef, useState, type MutableRefObject } from 'react';

export interface Drafts<T> {
  drafts: Readonly<Record<string, T>>;
  ref: MutableRefObject<Readonly<Record<string, T>>>;
  set: (code: string, value: T) => void;
  /** Forgets the cell's draft; returns whether there was one. */
  drop: (code: string) => boolean;
}

export function useDrafts<T>(): Drafts<T> {
  const [drafts, setState] = useState<Readonly<Record<string, T>>>({});
  const ref = useRef<Readonly<Record<string, T>>>({});
  const set = useCallback((code: string, value: T) => {
    ref.current = { ...ref.current, [code]: value };
    setState(ref.current);
  }, []);
  const drop = useCallback((code: string) => {
    if (!(code in ref.current)) return false;
    const next = { ...ref.current };
    delete next[code];
    ref.current = next;
    setState(next);
    return true;
  }, []);
  return { drafts, ref, set, drop };
}
