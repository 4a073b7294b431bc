/** The kit's reading of a screen, on screens made here: no tmux needed. */
import test from 'ava';
import { wrapExact } from '../../src/ui/text-width.js';
import { transcriptLines } from './hostile-kit.js';

const WIDTH = 20;

/** A screen with the transcript pane (its rows padded to WIDTH, as the pane pads them) beside a TLS pane. */
function screenOf(rows: string[]): string {
  const tls = 10;
  return [
    'status',
    `╭${'─'.repeat(WIDTH)}╮╭${'─'.repeat(tls)}╮`,
    `│${'Transcript'.padEnd(WIDTH)}││${'TLS'.padEnd(tls)}│`,
    ...rows.map((row) => `│${row.padEnd(WIDTH)}││${' '.repeat(tls)}│`),
    `╰${'─'.repeat(WIDTH)}╯╰${'─'.repeat(tls)}╯`,
    'SMTP› ',
  ].join('\n');
}

test('a wrapped entry is joined again exactly, its spaces at each wrap counted as the pane wrapped them', (t) => {
  const entries = [
    // Two spaces at the wrap: one would have let "bbbb" onto the first row, so both are the entry's.
    '=== aaaaaaaaaaa  bbbb',
    // Spaces past the row's edge: the row is full, the rest start the next one.
    `=== ${'a'.repeat(8)}${' '.repeat(12)}b`,
    // One space at the wrap, the usual case.
    '<-  250 the quick brown fox jumps over',
    ' -> NOOP',
  ];
  const rows = entries.flatMap((entry) => wrapExact(entry, WIDTH, 4));
  t.true(rows.length > entries.length, 'the entries wrap');
  t.deepEqual(transcriptLines(screenOf(rows)), entries);
});
