// The cancel side of long operations: a caller names its call with a job id (the renderer makes one per
// call), the core keeps an AbortController under that id while the call runs, and `job/cancel { jobId }`
// (another call, from the same door) aborts it. An id is forgotten when its call ends.

export class JobControls {
  private readonly live = new Map<string, AbortController>();

  /** Runs `call` with a signal that aborts on `job/cancel` of `jobId` or when `outer` aborts (the CLI's Ctrl+C). */
  async track<T>(jobId: string | undefined, outer: AbortSignal | undefined, call: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    if (jobId === undefined) return call(outer);
    const controller = new AbortController();
    const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
    // A reused id belongs to its newest call; the older one can no longer be cancelled by it.
    this.live.set(jobId, controller);
    try {
      return await call(signal);
    } finally {
      if (this.live.get(jobId) === controller) this.live.delete(jobId);
    }
  }

  /** True when a call under that id was running and is now told to stop. */
  cancel(jobId: string): boolean {
    const controller = this.live.get(jobId);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  /** Closing the core: every call still running is told to stop. */
  cancelAll(): void {
    for (const controller of this.live.values()) controller.abort();
    this.live.clear();
  }
}
