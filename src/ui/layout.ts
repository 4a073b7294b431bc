/** Terminal size → where each pane goes. Pure, so every size is testable; `use-terminal-size` feeds it. */

/** Below this width the TLS pane goes under the transcript instead of beside it. */
export const SIDE_BY_SIDE_MIN_COLUMNS = 100;

export interface PaneBox {
  width: number;
  height: number;
}

export interface Layout {
  columns: number;
  rows: number;
  stacked: boolean;
  transcript: PaneBox;
  tls: PaneBox;
  /** Rows of text inside the transcript's border, below its title. */
  transcriptText: PaneBox;
  tlsText: PaneBox;
}

/** Status bar, info line and input line. */
const FIXED_ROWS = 3;
/** Border top and bottom plus the title row. */
const PANE_CHROME_ROWS = 3;
const PANE_CHROME_COLUMNS = 2;

export function calculateLayout(columns: number, rows: number): Layout {
  const width = Math.max(20, columns);
  const height = Math.max(10, rows);
  const paneRows = height - FIXED_ROWS;
  const stacked = width < SIDE_BY_SIDE_MIN_COLUMNS;
  let transcript: PaneBox;
  let tls: PaneBox;
  if (stacked) {
    const tlsHeight = Math.max(PANE_CHROME_ROWS + 2, Math.min(14, Math.floor(paneRows * 0.3)));
    transcript = { width, height: paneRows - tlsHeight };
    tls = { width, height: tlsHeight };
  } else {
    const tlsWidth = Math.min(64, Math.max(40, Math.floor(width * 0.34)));
    transcript = { width: width - tlsWidth, height: paneRows };
    tls = { width: tlsWidth, height: paneRows };
  }
  const inner = (box: PaneBox): PaneBox => ({
    width: Math.max(1, box.width - PANE_CHROME_COLUMNS),
    height: Math.max(1, box.height - PANE_CHROME_ROWS),
  });
  return { columns: width, rows: height, stacked, transcript, tls, transcriptText: inner(transcript), tlsText: inner(tls) };
}
