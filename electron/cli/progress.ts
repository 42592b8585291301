// Progress of a long command on the terminal: one line on stderr rewritten in place while stderr is a
// terminal (silent when it is a file or a pipe, so scripts and logs get only the result), and Ctrl+C as
// a cancel: the first one aborts the operation (which then rolls back and reports `cancelled`), a second
// one leaves at once.

import type { Progress } from '../../shared/contract.js';
import { translate } from '../../shared/i18n/index.js';

/** The part of a stream the printer uses (process.stderr fits). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const CLEAR_LINE = '\r\u001b[2K';

export class ProgressPrinter {
  private shown = false;
  private last = '';

  constructor(private readonly stream: ProgressStream = process.stderr) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  /** Pass as `ctx.progress`. */
  readonly update = (p: Progress): void => {
    if (!this.enabled) return;
    const count = p.total !== null && p.total > 0 ? ` ${Math.min(p.done, p.total)}/${p.total} (${Math.floor((Math.min(p.done, p.total) / p.total) * 100)}%)` : '';
    // Cut to the terminal's width: a wrapped line could not be rewritten in place.
    const width = Math.max(20, (this.stream.columns ?? 80) - 1);
    const line = `${p.phase}${count}`.slice(0, width);
    if (line === this.last) return;
    this.last = line;
    this.shown = true;
    this.stream.write(`${CLEAR_LINE}${line}`);
  };

  /** Clears the line before the command prints its result. */
  finish(): void {
    if (!this.shown) return;
    this.stream.write(CLEAR_LINE);
    this.shown = false;
    this.last = '';
  }
}

export interface InterruptSignal {
  signal: AbortSignal;
  /** Stops listening to Ctrl+C (once the operation has ended). */
  dispose(): void;
}

/** The first SIGINT aborts the signal and says so; a second one exits with 130 as a shell expects. */
export function abortOnSigint(stream: ProgressStream = process.stderr, exit: (code: number) => void = (code) => process.exit(code)): InterruptSignal {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) {
      exit(130);
      return;
    }
    stream.write(`${CLEAR_LINE}${translate('vi', 'job.cancelling')}\n`);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}
