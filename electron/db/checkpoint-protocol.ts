// What the checkpointer's owner and its thread share (electron/db/checkpointer.ts, checkpoint-worker.ts).

/** Slots and values of the shared Int32Array: the owner's command, the thread's state. */
export const CHECKPOINTER = {
  command: 0,
  state: 1,
  run: 0,
  stop: 1,
  starting: 0,
  ready: 1,
  closed: 2,
} as const;

export interface CheckpointerStart {
  file: string;
  nativeBinding?: string;
  /** Two Int32 slots: see CHECKPOINTER. */
  flags: SharedArrayBuffer;
  /** How often the thread looks at the log's size. */
  intervalMs: number;
  /** The log's size from which it checkpoints. */
  minBytes: number;
}
