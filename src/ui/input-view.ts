/**
 * How a line being edited is drawn: escaped (a pasted control character shows as `\x00`, never acts),
 * masked where it holds a secret, and scrolled sideways so the cursor is always on screen.
 */
import { printable } from '../core/printable.js';
import type { LineState } from '../session/line-editor.js';
import { charWidth } from './text-width.js';

export interface InputView {
  before: string;
  /** The character under the cursor (a space at the end of the line). */
  at: string;
  after: string;
}

// An AUTH line with an initial response: the mechanism may show, the response may not.
const AUTH_WITH_RESPONSE = /^(\s*auth\s+\S+\s+)\S/i;
export const MASK = '•';

/** One display cell group per character of the line, masked where `masked(index)` says so. */
function cells(text: string, maskFrom: number): string[] {
  const out: string[] = [];
  let index = 0;
  for (const char of text) {
    out.push(index >= maskFrom ? MASK : printable(char));
    index += char.length;
  }
  return out;
}

/** Where the secret part of a line starts: 0 for a whole secret, the response of an AUTH line, else never. */
export function secretFrom(text: string, secret: boolean): number {
  if (secret) return 0;
  const match = AUTH_WITH_RESPONSE.exec(text);
  return match ? match[1]!.length : Number.POSITIVE_INFINITY;
}

export function inputView(line: LineState, width: number, secret: boolean): InputView {
  const shown = cells(line.text, secretFrom(line.text, secret));
  // Which shown cell the cursor is on: count characters (not UTF-16 units) before it.
  const cursorCell = [...line.text.slice(0, line.cursor)].length;
  const widths = shown.map((cell) => [...cell].reduce((sum, char) => sum + charWidth(char), 0));
  const room = Math.max(1, width - 1);
  let start = 0;
  let used = widths.slice(0, cursorCell).reduce((sum, w) => sum + w, 0);
  while (used > room - 1 && start < cursorCell) {
    used -= widths[start]!;
    start += 1;
  }
  let end = cursorCell;
  let total = used + (widths[cursorCell] ?? 1);
  while (end + 1 < shown.length && total + widths[end + 1]! <= room) {
    end += 1;
    total += widths[end]!;
  }
  return {
    before: shown.slice(start, cursorCell).join(''),
    at: shown[cursorCell] ?? ' ',
    after: shown.slice(cursorCell + 1, end + 1).join(''),
  };
}
