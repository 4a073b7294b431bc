import test from 'ava';
import { calculateLayout } from '../../src/ui/layout.js';

test('80x24: panes stacked, the transcript the largest, everything within the screen', (t) => {
  const layout = calculateLayout(80, 23);
  t.true(layout.stacked);
  t.is(layout.transcript.width, 80);
  t.true(layout.transcript.height > layout.tls.height);
  t.is(layout.transcript.height + layout.tls.height + 3, 23);
  t.true(layout.transcriptText.height >= 8);
});

test('120x40 and 200x60: side by side, the TLS pane a third at most', (t) => {
  for (const [columns, rows] of [
    [120, 39],
    [200, 59],
  ] as const) {
    const layout = calculateLayout(columns, rows);
    t.false(layout.stacked);
    t.is(layout.transcript.width + layout.tls.width, columns);
    t.true(layout.tls.width <= columns * 0.34 + 1);
    t.is(layout.transcript.height, rows - 3);
  }
});

test('stacking starts below 100 columns', (t) => {
  t.true(calculateLayout(99, 30).stacked);
  t.false(calculateLayout(100, 30).stacked);
});

test('tiny terminals still get a positive size everywhere', (t) => {
  const layout = calculateLayout(10, 5);
  for (const box of [layout.transcript, layout.tls, layout.transcriptText, layout.tlsText]) {
    t.true(box.width >= 1 && box.height >= 1);
  }
});
