// The one typed API contract: method name → zod input schema → output type, declared per domain in this
// folder (`<domain>.ts`: the inputs and the outputs of that domain's methods side by side) and handled per
// domain in `electron/core/handlers/<domain>.ts`. Electron IPC, the browser host and the CLI all dispatch
// through it.

import type { z } from 'zod';
import { appMethods } from './app.js';
import { auditMethods } from './audit.js';
import { backupMethods } from './backup.js';
import { calendarMethods } from './calendar.js';
import { campaignsMethods } from './campaigns.js';
import { consolidationMethods } from './consolidation.js';
import { evidenceBundleMethods } from './evidence-bundle.js';
import { evidenceMethods } from './evidence.js';
import { exchangeMethods } from './exchange.js';
import type { MethodSpec } from './method.js';
import { previousMethods } from './previous.js';
import { roundsMethods } from './rounds.js';
import { scoringMethods } from './scoring.js';
import { signaturesMethods } from './signatures.js';
import { surveyMethods } from './survey.js';
import { unitsMethods } from './units.js';
import { workspaceMethods } from './workspace.js';

export * from './app.js';
export * from './audit.js';
export * from './backup.js';
export * from './calendar.js';
export * from './campaigns.js';
export * from './common.js';
export * from './consolidation.js';
export * from './evidence-bundle.js';
export * from './evidence.js';
export * from './exchange.js';
export * from './previous.js';
export * from './rounds.js';
export * from './scoring.js';
export * from './signatures.js';
export * from './survey.js';
export * from './units.js';
export * from './workspace.js';
export type { MethodSpec } from './method.js';

/** Every domain's methods, by domain: a method belongs to exactly one (checked by test/unit/contract.test.ts). */
export const DOMAINS = {
  app: appMethods,
  campaigns: campaignsMethods,
  scoring: scoringMethods,
  previous: previousMethods,
  workspace: workspaceMethods,
  consolidation: consolidationMethods,
  exchange: exchangeMethods,
  signatures: signaturesMethods,
  rounds: roundsMethods,
  evidence: evidenceMethods,
  evidenceBundle: evidenceBundleMethods,
  survey: surveyMethods,
  audit: auditMethods,
  backup: backupMethods,
  calendar: calendarMethods,
  units: unitsMethods,
} as const;
export type Domain = keyof typeof DOMAINS;

export const contract = {
  ...appMethods,
  ...campaignsMethods,
  ...scoringMethods,
  ...previousMethods,
  ...workspaceMethods,
  ...consolidationMethods,
  ...exchangeMethods,
  ...signaturesMethods,
  ...roundsMethods,
  ...evidenceMethods,
  ...evidenceBundleMethods,
  ...surveyMethods,
  ...auditMethods,
  ...backupMethods,
  ...calendarMethods,
  ...unitsMethods,
} as const;

export type Method = keyof typeof contract;
/** The methods of one domain. */
export type MethodOf<D extends Domain> = keyof (typeof DOMAINS)[D] & Method;
export type Input<M extends Method> = z.input<(typeof contract)[M]['input']>;
export type ParsedInput<M extends Method> = z.output<(typeof contract)[M]['input']>;
export type Output<M extends Method> = (typeof contract)[M] extends MethodSpec<z.ZodType, infer O> ? O : never;
export type Outputs = { [M in Method]: Output<M> };

export const METHODS = Object.keys(contract) as Method[];

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** How far a long operation has come, for a progress bar (UI) or a progress line (CLI on a TTY). */
export interface Progress {
  /** What is being done now, in Vietnamese ("Đang ghi Phụ lục III"). */
  phase: string;
  done: number;
  /** null while the total is not known yet. */
  total: number | null;
}

/** Who is calling (recorded in the history of every change), and how a long operation reports and stops. */
export interface CallContext {
  actor: string;
  /** Receives progress of a long operation; absent when nobody watches. */
  progress?: (p: Progress) => void;
  /** Aborted when the user cancels; a long operation then stops, writes nothing, and fails with `cancelled`. */
  signal?: AbortSignal;
  /** Chosen by the caller for a long operation, so that `job/cancel { jobId }` can stop it from another call. */
  jobId?: string;
}

export type Handlers = {
  [M in Method]: (input: ParsedInput<M>, ctx: CallContext) => Output<M> | Promise<Output<M>>;
};
/** The handlers of one domain (electron/core/handlers/<domain>.ts). */
export type DomainHandlers<D extends Domain> = Pick<Handlers, MethodOf<D>>;

/** The one function the renderer calls; each door (IPC, HTTP) provides it. */
export type Invoke = <M extends Method>(method: M, input: Input<M>) => Promise<Output<M>>;
