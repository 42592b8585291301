// What crosses between the job runner (the main thread of whichever door runs the core) and its job
// worker: plain data only. The worker reads its start from workerData and answers with messages.

import type { ParsedInput, Progress } from '../../shared/contract.js';
import type { AppErrorShape } from '../../shared/errors.js';
import type { Migration } from '../db/database.js';
import type { WorkbookWorkerLimits } from '../workbook/isolated.js';
import type { RestoreStaging } from '../backup/archive.js';

/** One heavy operation, as the worker runs it. Files arrive as bytes; outputs go to `outPath`. */
export type JobSpec =
  | { kind: 'workbook/import'; fileName: string; bytes: Uint8Array; asCopy: boolean }
  | { kind: 'previous/import'; campaignId: number; fileName: string; bytes: Uint8Array; year: number | null }
  | { kind: 'survey/import'; campaignId: number; fileName: string; bytes: Uint8Array }
  | { kind: 'explanation/importAnswers'; campaignId: number; fileName: string; bytes: Uint8Array }
  /** `pin`: the command line's import, which trusts a first key (checked against `confirmFingerprint` when given). */
  | { kind: 'package/import'; bytes: Uint8Array; confirmFingerprint: string | null; pin: boolean }
  /**
   * The secretariat's campaign package (for one member when `forMember`), its package for one unit
   * (`forUnit`), or on a unit's machine the unit's signed self-assessment (`unitSelf`).
   */
  | { kind: 'package/export'; campaignId: number; forMember: string | null; forUnit: string | null; unitSelf: boolean }
  | { kind: 'annex/export'; input: ParsedInput<'annex/export'>; outPath: string; downloadName: string }
  /** Read-only exports answered as bytes (3,000 units × 100 criteria take ~30 s to write as a workbook). */
  | { kind: 'workbook/export'; campaignId: number }
  | { kind: 'document/file'; document: 'decision' | 'report'; input: ParsedInput<'document/decision'> }
  | { kind: 'audit/export'; input: ParsedInput<'audit/export'> }
  | { kind: 'evidence/verify'; campaignId: number }
  /** Written to `outPath` (a name nobody downloads); the core renames it to the bundle's name once done. */
  | { kind: 'evidenceBundle/export'; campaignId: number; forMember: string | null; outPath: string; downloadName: string }
  /** `path` stays the caller's: the worker only reads it. */
  | { kind: 'evidenceBundle/import'; path: string; label: string }
  /** Read-only for the database (SQLite's online backup on the worker's own connection). */
  | { kind: 'backup/create'; dataDir: string; out: string; appVersion: string; createdAt: string }
  /**
   * A restore's long half: verify the archive into `staging` and migrate it there. Opens no database;
   * the core swaps the staged file in on its own thread afterwards (it replaces the live connection).
   */
  | { kind: 'backup/stage'; archive: string; label: string; staging: RestoreStaging }
  /** The unit's báo cáo tự đánh giá, written to `outPath` (through `<outPath>.part`) in the exports folder. */
  | { kind: 'self/report'; campaignId: number; format: 'pdf' | 'docx'; outPath: string; downloadName: string };

export type JobKind = JobSpec['kind'];

export interface JobStart {
  spec: JobSpec;
  actor: string;
  dbPath: string;
  dataDir: string;
  nativeBinding?: string;
  /** Read by the runner's thread, so the worker needs no migrations folder of its own (app.asar). */
  migrations: Migration[];
  /** Electron's resources folder (fonts of PDF annexes); a worker thread's `process` lacks it. */
  resourcesPath?: string;
  /** The workbook reader's memory and time limits, as set on the runner's thread. */
  workbookLimits: WorkbookWorkerLimits;
  /** One Int32 shared with the runner: see JOB_STATE. */
  state: SharedArrayBuffer;
  /** The app's checkpointer thread copies the log back: the job's commits do not (see OpenDbOptions). */
  checkpointsElsewhere?: boolean;
}

/**
 * The job's state word, changed only by compare-and-swap: the runner moves RUNNING → CANCELLED, the
 * worker moves RUNNING → COMMITTING just before it commits. Whichever comes first wins, so a cancel
 * either stops the commit or arrives too late to claim that nothing changed.
 */
export const JOB_STATE = { running: 0, cancelled: 1, committing: 2 } as const;

export type WorkerMessage =
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; value: unknown }
  | { type: 'failed'; error: AppErrorShape };

export type RunnerMessage = { type: 'cancel' };
