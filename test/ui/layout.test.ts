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

test('80x24 with the TLS pane focused: it takes all the transcript can spare, the transcript keeps 5 rows of text', (t) => {
  const calm = calculateLayout(80, 24, undefined, 3);
  const focused = calculateLayout(80, 24, undefined, 3, true);
  t.is(calm.tlsText.height, 2);
  t.is(focused.tlsText.height, 8);
  t.is(focused.transcriptText.height, 5);
  t.is(focused.transcript.height + focused.tls.height, calm.transcript.height + calm.tls.height);
  t.deepEqual(calculateLayout(120, 40, undefined, 1, true).tls, calculateLayout(120, 40).tls, 'side by side it has the height already');
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

test('tiny terminals: nothing is laid out past the screen, and the text boxes stay positive for the scroll arithmetic', (t) => {
  const layout = calculateLayout(10, 5);
  t.is(layout.columns, 10);
  t.is(layout.rows, 5);
  t.is(2 + layout.info + layout.paneRows, 5);
  t.false(layout.showTranscript, 'no room for a border and a row of text');
  t.false(layout.showTls);
  for (const box of [layout.transcriptText, layout.tlsText]) t.true(box.width >= 1 && box.height >= 1);
});

test('50x12: the transcript keeps its rows and the TLS pane goes, rather than the other way round', (t) => {
  const layout = calculateLayout(50, 11, undefined, 2);
  t.true(layout.showTranscript);
  t.false(layout.showTls);
  t.is(layout.info, 2);
  t.is(layout.transcript.height, 7);
  t.is(layout.transcriptText.height, 4);
});

test('30x8: the info line gives up rows before the transcript does, and everything adds up to the screen', (t) => {
  const layout = calculateLayout(30, 7, undefined, 3);
  t.is(layout.info, 1);
  t.is(layout.transcript.height, 4);
  t.true(layout.showTranscript);
  t.false(layout.showTls);
  t.is(1 + layout.transcript.height + layout.info + 1, 7);
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
    fc.property(
      fc.integer({ min: 1, max: 300 }),
      fc.integer({ min: 1, max: 120 }),
      fc.option(fc.integer({ min: 0, max: 60 })),
      fc.integer({ min: 1, max: 3 }),
      (columns, rows, need, info) => {
        const layout = calculateLayout(columns, rows, need === null ? undefined : () => need, info);
        t.is(layout.columns, columns);
        t.is(layout.rows, rows);
        t.is(Math.min(rows, 2) + layout.info + layout.paneRows, rows);
        t.true(layout.info <= info);
        if (layout.info < info) t.true(layout.paneRows <= 4, 'the info line gives way only to the transcript');
        for (const box of [layout.transcriptText, layout.tlsText, ...(layout.lesson ? [layout.lesson.text] : [])]) t.true(box.width >= 1 && box.height >= 1);
        if (!layout.showTranscript) {
          t.false(layout.showTls);
          t.true(layout.paneRows < 4);
          return;
        }
        const paneRows = layout.paneRows;
        const { lesson } = layout;
        const column = layout.stacked ? layout.transcript.height + layout.tls.height : layout.transcript.height;
        if (lesson?.placement === 'block') t.is(column + lesson.box.height, paneRows);
        else t.is(column, paneRows);
        if (lesson?.placement === 'side') t.is(lesson.box.height + layout.tls.height, paneRows);
        if (lesson?.placement === 'block') t.true(layout.transcriptText.height >= TRANSCRIPT_MIN_TEXT_ROWS);
        // Stacked, a TLS pane (or a note in its place) never takes the transcript below five rows of text.
        if (layout.stacked && layout.tls.height > 0) t.true(layout.transcript.height - 3 >= 5, JSON.stringify(layout));
        const widths = layout.stacked ? [layout.transcript.width, layout.tls.width] : [layout.transcript.width + layout.tls.width];
        for (const width of widths) t.is(width, layout.columns);
      },
    ),
  );
});
