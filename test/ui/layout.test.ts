import test from 'ava';
import fc from 'fast-check';
import { calculateLayout, LESSON_BLOCK_MAX_ROWS, TRANSCRIPT_MIN_TEXT_ROWS } from '../../src/ui/layout.js';

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

const LESSON_ROWS = (width: number): number => Math.ceil(900 / width) + 8;

test('the lesson note: a block of at most 8 rows above the input below 120 columns, the transcript keeping 10 rows', (t) => {
  const layout = calculateLayout(100, 29, LESSON_ROWS);
  t.is(layout.lesson?.placement, 'block');
  t.is(layout.lesson?.box.height, LESSON_BLOCK_MAX_ROWS);
  t.is(layout.lesson?.box.width, 100);
  t.true(layout.transcriptText.height >= TRANSCRIPT_MIN_TEXT_ROWS);
  t.is(layout.transcript.height + layout.lesson!.box.height + 3, 29);
  t.true(layout.showTls);

  const stacked = calculateLayout(80, 35, LESSON_ROWS);
  t.is(stacked.lesson?.placement, 'block');
  t.is(stacked.transcript.height + stacked.tls.height + stacked.lesson!.box.height + 3, 35);
  t.true(stacked.transcriptText.height >= TRANSCRIPT_MIN_TEXT_ROWS);
});

test('the lesson note: from 120 columns at the top of the right-hand column, above the TLS pane', (t) => {
  const layout = calculateLayout(120, 39, LESSON_ROWS);
  t.is(layout.lesson?.placement, 'side');
  t.is(layout.lesson?.box.width, layout.tls.width);
  t.is(layout.lesson!.box.height + layout.tls.height, layout.transcript.height);
  t.true(layout.lesson!.box.height <= layout.transcript.height / 2);
  t.is(layout.transcript.width + layout.tls.width, 120);
  // A short note takes only what it needs.
  const short = calculateLayout(200, 59, () => 4);
  t.is(short.lesson?.box.height, 7);
});

test('no room for the note beside the transcript and TLS: it takes the TLS pane place (F3 gives it back)', (t) => {
  const layout = calculateLayout(80, 23, LESSON_ROWS);
  t.is(layout.lesson?.placement, 'instead');
  t.false(layout.showTls);
  t.deepEqual(layout.lesson?.box, layout.tls);
  t.is(calculateLayout(80, 23).lesson, undefined);
});

test('property: with or without the note, the panes fill the screen exactly and never leave it', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 20, max: 300 }), fc.integer({ min: 10, max: 120 }), fc.option(fc.integer({ min: 0, max: 60 })), (columns, rows, need) => {
      const layout = calculateLayout(columns, rows, need === null ? undefined : () => need);
      const paneRows = layout.rows - 3;
      const { lesson } = layout;
      const column = layout.stacked ? layout.transcript.height + layout.tls.height : layout.transcript.height;
      if (lesson?.placement === 'block') t.is(column + lesson.box.height, paneRows);
      else t.is(column, paneRows);
      if (lesson?.placement === 'side') t.is(lesson.box.height + layout.tls.height, paneRows);
      if (lesson?.placement === 'block') t.true(layout.transcriptText.height >= TRANSCRIPT_MIN_TEXT_ROWS);
      const widths = layout.stacked ? [layout.transcript.width, layout.tls.width] : [layout.transcript.width + layout.tls.width];
      for (const width of widths) t.is(width, layout.columns);
      for (const box of [layout.transcriptText, layout.tlsText, ...(lesson ? [lesson.text] : [])]) t.true(box.width >= 1 && box.height >= 1);
    }),
  );
});
