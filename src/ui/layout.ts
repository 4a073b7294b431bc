/** Terminal size → where each pane goes. Pure, so every size is testable; `use-terminal-size` feeds it. */

/** Below this width the TLS pane goes under the transcript instead of beside it. */
export const SIDE_BY_SIDE_MIN_COLUMNS = 100;
/** From this width the lesson note sits in the right-hand column, above the TLS pane; below it, above the input. */
export const LESSON_SIDE_MIN_COLUMNS = 120;
/** The lesson as a block above the input: at most this tall, borders included. */
export const LESSON_BLOCK_MAX_ROWS = 8;
/** Rows of text the transcript keeps whatever else is shown. */
export const TRANSCRIPT_MIN_TEXT_ROWS = 10;

export interface PaneBox {
  width: number;
  height: number;
}

/**
 * `side`: top of the right-hand column; `block`: full width above the input; `instead`: in the TLS pane's place,
 * when the terminal has no room for both (F3 gives the TLS pane back).
 */
export type LessonPlacement = 'side' | 'block' | 'instead';

export interface Layout {
  columns: number;
  rows: number;
  stacked: boolean;
  transcript: PaneBox;
  tls: PaneBox;
  /** Rows of text inside the transcript's border, below its title. */
  transcriptText: PaneBox;
  tlsText: PaneBox;
  /** False when the lesson note took the TLS pane's place. */
  showTls: boolean;
  lesson?: { placement: LessonPlacement; box: PaneBox; text: PaneBox };
}

/** Status bar, info line and input line. */
const FIXED_ROWS = 3;
/** Border top and bottom plus the title row. */
const PANE_CHROME_ROWS = 3;
const PANE_CHROME_COLUMNS = 2;
const STACKED_TLS_MIN_ROWS = PANE_CHROME_ROWS + 2;
/** A lesson note cut to fewer than two rows of text is not worth its borders. */
const LESSON_MIN_ROWS = PANE_CHROME_ROWS + 2;

const inner = (box: PaneBox): PaneBox => ({
  width: Math.max(1, box.width - PANE_CHROME_COLUMNS),
  height: Math.max(1, box.height - PANE_CHROME_ROWS),
});

function panes(width: number, paneRows: number, stacked: boolean): { transcript: PaneBox; tls: PaneBox } {
  if (stacked) {
    const tlsHeight = Math.max(STACKED_TLS_MIN_ROWS, Math.min(14, Math.floor(paneRows * 0.3)));
    return { transcript: { width, height: paneRows - tlsHeight }, tls: { width, height: tlsHeight } };
  }
  const tlsWidth = Math.min(64, Math.max(40, Math.floor(width * 0.34)));
  return { transcript: { width: width - tlsWidth, height: paneRows }, tls: { width: tlsWidth, height: paneRows } };
}

/**
 * `lessonRows(width)`: how many rows of text the lesson note needs at that width, when it is to be shown.
 */
export function calculateLayout(columns: number, rows: number, lessonRows?: (width: number) => number): Layout {
  const width = Math.max(20, columns);
  const height = Math.max(10, rows);
  const paneRows = height - FIXED_ROWS;
  const stacked = width < SIDE_BY_SIDE_MIN_COLUMNS;
  const layout = (transcript: PaneBox, tls: PaneBox, lesson?: Layout['lesson']): Layout => ({
    columns: width,
    rows: height,
    stacked,
    transcript,
    tls,
    transcriptText: inner(transcript),
    tlsText: inner(tls),
    showTls: lesson?.placement !== 'instead',
    ...(lesson ? { lesson } : {}),
  });
  const base = panes(width, paneRows, stacked);
  if (!lessonRows) return layout(base.transcript, base.tls);
  const note = (placement: LessonPlacement, box: PaneBox): Layout['lesson'] => ({ placement, box, text: inner(box) });

  if (width >= LESSON_SIDE_MIN_COLUMNS) {
    const column = base.tls.width;
    const need = lessonRows(column - PANE_CHROME_COLUMNS) + PANE_CHROME_ROWS;
    const lessonHeight = Math.min(need, Math.floor(paneRows / 2));
    if (lessonHeight >= Math.min(LESSON_MIN_ROWS, need)) {
      const tls = { width: column, height: paneRows - lessonHeight };
      return layout(base.transcript, tls, note('side', { width: column, height: lessonHeight }));
    }
  } else {
    const transcriptMin = TRANSCRIPT_MIN_TEXT_ROWS + PANE_CHROME_ROWS;
    const room = paneRows - transcriptMin - (stacked ? STACKED_TLS_MIN_ROWS : 0);
    const need = lessonRows(width - PANE_CHROME_COLUMNS) + PANE_CHROME_ROWS;
    const blockHeight = Math.min(LESSON_BLOCK_MAX_ROWS, need, room);
    if (blockHeight >= Math.min(LESSON_MIN_ROWS, need)) {
      const above = panes(width, paneRows - blockHeight, stacked);
      return layout(above.transcript, above.tls, note('block', { width, height: blockHeight }));
    }
  }
  return layout(base.transcript, base.tls, note('instead', base.tls));
}
