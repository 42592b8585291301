// Language, current screen, toasts, the status line and the progress of slow calls.

import type { MessageKey, MessageParams, Language } from '../../shared/i18n/index.js';
import { isApiError } from '../api/client.js';
import type { ImportIssue } from '../../shared/errors.js';
import type { SliceCreator } from './types.js';

export type Screen = 'campaigns' | 'scoring' | 'ranking' | 'consolidate' | 'signatures' | 'self' | 'unitPackages' | 'unitCalendar';
/** In Alt+1…5 order; 'consolidate' is the secretariat's (hidden in member mode). */
export const SCREENS: readonly Screen[] = ['campaigns', 'scoring', 'ranking', 'consolidate', 'signatures'];
/** A unit's machine (its own profile is a unit's): its self-assessment, its packages and the council's calendar only. */
export const UNIT_SCREENS: readonly Screen[] = ['self', 'unitPackages', 'unitCalendar'];
/** Who this machine works for, as the renderer knows it: the member profile's kind, or a unit. */
export type MachineKind = 'member' | 'secretariat' | 'unit';

/**
 * The screens a machine offers. A member's machine (its own profile is a council member) does the
 * member's work: no results as if final, no consolidation; the campaigns screen only takes packages.
 */
export const MEMBER_SCREENS: readonly Screen[] = ['campaigns', 'scoring', 'signatures'];
export const screensFor = (kind: MachineKind | null | undefined): readonly Screen[] => (kind === 'unit' ? UNIT_SCREENS : kind === 'member' ? MEMBER_SCREENS : SCREENS);
/** The machine's kind from its profiles: a unit profile wins; undefined while nothing says (no profile, or not read yet). */
export const machineKindOf = (s: { self: { kind: 'member' | 'secretariat' } | null | undefined; unitSelf: unknown }): MachineKind | undefined =>
  s.unitSelf ? 'unit' : s.self?.kind;
/** Where a machine's own work is: the screen a link to a screen it does not offer opens instead. */
export const homeScreen = (kind: MachineKind | null | undefined): Screen => (kind === 'unit' ? 'self' : 'scoring');

/** A message either from the catalogue (re-rendered on language switch) or verbatim from the server. */
export type Message = { key: MessageKey; params?: MessageParams } | { text: string };

export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  message: Message;
}

export interface BusyTask {
  id: number;
  label: MessageKey;
}

export interface UiSlice {
  language: Language;
  screen: Screen;
  toasts: Toast[];
  status: (Message & { kind: Toast['kind'] }) | null;
  busy: BusyTask[];
  ready: boolean;
  setLanguage: (language: Language) => void;
  setScreen: (screen: Screen) => void;
  notify: (kind: Toast['kind'], message: Message) => void;
  /** Shows an error thrown by a call (or anything else) as a toast and on the status line. */
  reportError: (error: unknown) => void;
  dismissToast: (id: number) => void;
  /** Runs a slow call with a progress indicator labelled by `label`. */
  withBusy: <T>(label: MessageKey, run: () => Promise<T>) => Promise<T>;
  markReady: () => void;
}

const LANGUAGE_KEY = 'par.language';
let nextId = 1;

function initialLanguage(): Language {
  try {
    return localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

function screenFromHash(): Screen {
  const name = window.location.hash.replace(/^#\/?/, '');
  return ([...SCREENS, ...UNIT_SCREENS] as readonly string[]).includes(name) ? (name as Screen) : 'campaigns';
}

export function errorMessage(error: unknown): Message {
  if (isApiError(error)) {
    return error.code === 'network' ? { key: 'error.network', params: { detail: error.message } } : { text: error.message };
  }
  return { key: 'error.unexpected', params: { detail: error instanceof Error ? error.message : String(error) } };
}

export function errorIssues(error: unknown): ImportIssue[] {
  return isApiError(error) ? error.issues : [];
}

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  language: initialLanguage(),
  screen: screenFromHash(),
  toasts: [],
  status: null,
  busy: [],
  ready: false,
  setLanguage: (language) => {
    try {
      localStorage.setItem(LANGUAGE_KEY, language);
    } catch {
      // Private mode: the choice lasts for this session only.
    }
    document.documentElement.lang = language;
    set({ language });
  },
  setScreen: (wanted) => {
    // A screen this machine does not offer (a link, Alt+4, an old fragment) opens the machine's own work.
    const kind = machineKindOf(get());
    const screen = screensFor(kind).includes(wanted) ? wanted : homeScreen(kind);
    if (window.location.hash !== '#/' + screen) window.history.replaceState(window.history.state, '', '#/' + screen);
    if (screen === get().screen) return;
    // An error belongs to the screen it happened on: leaving it clears the red line, the toasts and the
    // refusals shown in place, so no old error speaks for the next screen.
    set((s) => ({
      screen,
      status: s.status?.kind === 'error' ? null : s.status,
      toasts: s.toasts.filter((t) => t.kind !== 'error'),
      importFailure: null,
      bundleFailure: null,
      previousFailure: null,
    }));
    // The unit list's progress may have moved elsewhere (a package, a decision, a survey): read it again.
    if (screen === 'scoring') void get().reloadUnits();
  },
  notify: (kind, message) => {
    const id = nextId++;
    // The status line keeps the last message; toasts are a brief echo, errors staying longest.
    set((s) => ({ toasts: [...s.toasts.slice(-2), { id, kind, message }], status: { ...message, kind } }));
    setTimeout(() => get().dismissToast(id), kind === 'error' ? 8000 : 2500);
  },
  // A cancelled job is not a failure: its own line says nothing was changed.
  reportError: (error) => (isApiError(error) && error.code === 'cancelled' ? get().notify('info', { key: 'job.cancelled' }) : get().notify('error', errorMessage(error))),
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  withBusy: async (label, run) => {
    const id = nextId++;
    set((s) => ({ busy: [...s.busy, { id, label }] }));
    try {
      return await run();
    } finally {
      set((s) => ({ busy: s.busy.filter((b) => b.id !== id) }));
    }
  },
  markReady: () => {
    if (get().ready) return;
    set({ ready: true });
    document.body.dataset.ready = 'true';
  },
});
