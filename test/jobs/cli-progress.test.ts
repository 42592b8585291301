// The CLI's progress line: rewritten in place on a terminal, nothing on a pipe; Ctrl+C aborts once, exits the second time.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { abortOnSigint, ProgressPrinter, type ProgressStream } from '../../electron/cli/progress.js';

function stream(isTTY: boolean): ProgressStream & { out: string } {
  return { isTTY, columns: 40, out: '', write(text: string) { this.out += text; return true; } };
}

test('on a terminal the line is rewritten in place, cut to the width, and cleared at the end', () => {
  const s = stream(true);
  const printer = new ProgressPrinter(s);
  printer.update({ phase: 'Đang đọc tệp', done: 0, total: null });
  printer.update({ phase: 'Đang ghi', done: 1, total: 4 });
  printer.update({ phase: 'Đang ghi', done: 1, total: 4 });
  printer.update({ phase: 'Đang ghi Phụ lục III rất dài rất dài rất dài', done: 3, total: 4 });
  printer.finish();
  const clear = '\r\u001b[2K';
  assert.equal(s.out, `${clear}Đang đọc tệp${clear}Đang ghi 1/4 (25%)${clear}${'Đang ghi Phụ lục III rất dài rất dài rất dài 3/4 (75%)'.slice(0, 39)}${clear}`);
});

test('on a pipe nothing is printed', () => {
  const s = stream(false);
  const printer = new ProgressPrinter(s);
  printer.update({ phase: 'Đang ghi', done: 1, total: 2 });
  printer.finish();
  assert.equal(s.out, '');
});

test('the first Ctrl+C aborts, the second exits with 130', () => {
  const s = stream(true);
  const exits: number[] = [];
  const interrupt = abortOnSigint(s, (code) => exits.push(code));
  try {
    process.emit('SIGINT');
    assert.equal(interrupt.signal.aborted, true);
    assert.match(s.out, /Đang hủy…\n$/);
    assert.deepEqual(exits, []);
    process.emit('SIGINT');
    assert.deepEqual(exits, [130]);
  } finally {
    interrupt.dispose();
  }
});
