/** The lesson note's rows at a width: the heading, what the scenario demonstrates, `Try:` and `Look for:` with their items. */
import type { LessonNote } from '../session/workshop.js';
import { wrapWords } from './text-width.js';
import type { PaneLine } from './tls-view.js';

const ITEM = '  - ';
const PARTS = new Set(['Try:', 'Look for:']);

/** Items keep their `  - ` indent on continuation rows; prose wraps flush. */
export function lessonRows(note: LessonNote, width: number): PaneLine[] {
  const lines: PaneLine[] = [
    { text: note.heading, tone: 'accent', heading: true },
    ...note.lines.map((text): PaneLine => (PARTS.has(text) ? { text, heading: true } : { text })),
  ];
  return lines.flatMap((line) => wrapWords(line.text, width, line.text.startsWith(ITEM) ? ITEM.length - 2 : 0).map((text) => ({ ...line, text })));
}
