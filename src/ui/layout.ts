/** Terminal size → where each pane goes. Pure, so every size is testable; `use-terminal-size` feeds it. */

/** Below this width the TLS pane goes under the transcript instead of beside it. */
export const SIDE_BY_SIDE_MIN_COLUMNS = 100;
/** From this width the lesson note sits in the right-hand column, above the TLS pane; below it, above the input. */
export const LESSON_SIDE_MIN_COLUMNS = 120;
/** The lesson as a block above the input: at most this tall, borders included. */
export const LESSON_BLOCK_MAX_ROWS = 8;
/** Rows of text the transcript keeps when the lesson note goes above the input (a TLS pane asks for fewer). */
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
  /** Rows of the info line above the input: what it needs, unless the transcript needs them more. */
  info: number;
  /** Rows between the status bar and the info line. */
  paneRows: number;
  transcript: PaneBox;
  tls: PaneBox;
  /** Rows of text inside the transcript's border, below its title. */
  transcriptText: PaneBox;
  tlsText: PaneBox;
  /** False when the screen is too short for the transcript's border and a row of text: the pane rows stay blank. */
  showTranscript: boolean;
  /** False when the lesson note took the TLS pane's place, or when the transcript needs its rows. */
  showTls: boolean;
  lesson?: { placement: LessonPlacement; box: PaneBox; text: PaneBox };
}

/** Status bar and input line. */
const BAR_ROWS = 2;
/** Border top and bottom plus the title row. */
const PANE_CHROME_ROWS = 3;
const PANE_CHROME_COLUMNS = 2;
const STACKED_TLS_MIN_ROWS = PANE_CHROME_ROWS + 2;
/** The transcript's border and one row of text: less than that and it is not drawn at all. */
const TRANSCRIPT_MIN_ROWS = PANE_CHROME_ROWS + 1;
/** Rows of text the transcript keeps before a TLS pane goes under it. */
const TRANSCRIPT_TEXT_ROWS_OVER_TLS = 5;
/** A lesson note cut to fewer than two rows of text is not worth its borders. */
const LESSON_MIN_ROWS = PANE_CHROME_ROWS + 2;

const inner = (box: PaneBox): PaneBox => ({
  width: Math.max(1, box.width - PANE_CHROME_COLUMNS),
  height: Math.max(1, box.height - PANE_CHROME_ROWS),
});

/**
 * Stacked, the TLS pane gets what the transcript can spare, and no pane at all when that is too little to read.
 * Focused, it takes all the transcript can spare: a report of fifty rows read three at a time is not read.
 */
function panes(width: number, paneRows: number, stacked: boolean, tlsFocused: boolean): { transcript: PaneBox; tls?: PaneBox } {
  if (stacked) {
    const wanted = tlsFocused ? paneRows : Math.max(STACKED_TLS_MIN_ROWS, Math.min(14, Math.floor(paneRows * 0.3)));
    const tlsHeight = Math.min(wanted, paneRows - PANE_CHROME_ROWS - TRANSCRIPT_TEXT_ROWS_OVER_TLS);
    if (tlsHeight < STACKED_TLS_MIN_ROWS) return { transcript: { width, height: paneRows } };
    return { transcript: { width, height: paneRows - tlsHeight }, tls: { width, height: tlsHeight } };
  }
  const tlsWidth = Math.min(64, Math.max(40, Math.floor(width * 0.34)));
  return { transcript: { width: width - tlsWidth, height: paneRows }, tls: { width: tlsWidth, height: paneRows } };
}

/** The info line gets the rows it needs as long as the transcript keeps its border and a row of text. */
function rowsFor(height: number, infoWanted: number): { info: number; paneRows: number } {
  const free = Math.max(0, height - BAR_ROWS);
  const wanted = Math.max(1, infoWanted);
  const info = Math.min(wanted, Math.max(Math.min(1, free), free - TRANSCRIPT_MIN_ROWS));
  // Too short for the transcript anyway: the info line may have the rows.
  if (free - info < TRANSCRIPT_MIN_ROWS) return { info: Math.min(wanted, free), paneRows: free - Math.min(wanted, free) };
  return { info, paneRows: free - info };
}

/**
 * Never larger than `columns` x `rows`. `lessonRows(width)`: how many rows of text the lesson note needs at that
 * width, when it is to be shown; `infoRows`: how many the info line above the input would like; `tlsFocused`: the
 * TLS pane has the focus, and grows when stacked.
 */
export function calculateLayout(columns: number, rows: number, lessonRows?: (width: number) => number, infoRows = 1, tlsFocused = false): Layout {
  const width = Math.max(1, columns);
  const height = Math.max(1, rows);
  const { info, paneRows } = rowsFor(height, infoRows);
  const stacked = width < SIDE_BY_SIDE_MIN_COLUMNS;
  const showTranscript = paneRows >= TRANSCRIPT_MIN_ROWS;
  const layout = (transcript: PaneBox, tls: PaneBox | undefined, lesson?: Layout['lesson']): Layout => ({
    columns: width,
    rows: height,
    stacked,
    info,
    paneRows,
    transcript,
    tls: tls ?? { width, height: 0 },
    transcriptText: inner(transcript),
    tlsText: inner(tls ?? { width, height: 0 }),
    showTranscript,
    showTls: showTranscript && tls !== undefined && lesson?.placement !== 'instead',
    ...(lesson ? { lesson } : {}),
  });
  const base = panes(width, paneRows, stacked, tlsFocused);
  if (!lessonRows || !showTranscript) return layout(base.transcript, base.tls);
  const note = (placement: LessonPlacement, box: PaneBox): Layout['lesson'] => ({ placement, box, text: inner(box) });

  if (width >= LESSON_SIDE_MIN_COLUMNS && base.tls) {
    const column = base.tls.width;
    const need = lessonRows(column - PANE_CHROME_COLUMNS) + PANE_CHROME_ROWS;
    const lessonHeight = Math.min(need, Math.floor(paneRows / 2));
    if (lessonHeight >= Math.min(LESSON_MIN_ROWS, need)) {
      const tls = { width: column, height: paneRows - lessonHeight };
      return layout(base.transcript, tls, note('side', { width: column, height: lessonHeight }));
    }
  } else if (width < LESSON_SIDE_MIN_COLUMNS) {
    const transcriptMin = TRANSCRIPT_MIN_TEXT_ROWS + PANE_CHROME_ROWS;
    const room = paneRows - transcriptMin - (stacked ? STACKED_TLS_MIN_ROWS : 0);
    const need = lessonRows(width - PANE_CHROME_COLUMNS) + PANE_CHROME_ROWS;
    const blockHeight = Math.min(LESSON_BLOCK_MAX_ROWS, need, room);
    if (blockHeight >= Math.min(LESSON_MIN_ROWS, need)) {
      const above = panes(width, paneRows - blockHeight, stacked, tlsFocused);
      return layout(above.transcript, above.tls, note('block', { width, height: blockHeight }));
    }
  }
  // No room above or beside: the note takes the TLS pane's place, if there is one to take.
  return base.tls ? layout(base.transcript, base.tls, note('instead', base.tls)) : layout(base.transcript, undefined);
}
