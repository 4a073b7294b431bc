/** The lesson note's rows at a width: the heading, what the scenario demonstrates, `Try:` and `Look for:` with their items. */
import type { LessonNote } from '../session/workshop.js';
import type { PaneLine } from './tls-view.js';
import { wrapPaneLines } from './tls-view.js';

const ITEM = '  - ';
const PARTS = new Set(['Try:', 'Look for:']);

/** Items keep their `  - ` indent on continuation rows; prose wraps flush. */
export function lessonRows(note: LessonNote, width: number): PaneLine[] {
  return wrapPaneLines(
    [
      { text: note.heading, tone: 'accent', heading: true, indent: 0 },
      ...note.lines.map((text): PaneLine => (PARTS.has(text) ? { text, heading: true } : { text, indent: text.startsWith(ITEM) ? ITEM.length - 2 : 0 })),
    ],
    width,
  );
}
