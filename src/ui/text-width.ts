/**
 * Terminal cell widths and wrapping, computed here so that the transcript can lay out only the rows it
 * shows; Ink then draws each row as it is, never re-wrapping.
 */
import { thousands } from '../core/thousands.js';

// East Asian Wide and Fullwidth blocks, and the emoji planes: two cells each.
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];
const ZERO_WIDTH = /[\p{Mn}\p{Me}]/u;

export function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x300) return 1;
  if (ZERO_WIDTH.test(char)) return 0;
  for (const [low, high] of WIDE) if (code >= low && code <= high) return 2;
  return 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** The widest character takes two cells: every row keeps room for one, whatever the indentation. */
const WIDEST = 2;

function indentFor(indent: number, width: number): number {
  return Math.max(0, Math.min(indent, width - WIDEST));
}

/** The character at code unit `i`: one unit, or two for a surrogate pair. */
function charAt(text: string, i: number): string {
  const code = text.codePointAt(i) ?? 0;
  return code > 0xffff ? text.slice(i, i + 2) : text[i]!;
}

/** Whether the word starting at `from` (up to the next space) fits in `cells`, found without measuring past them. */
function wordFits(text: string, from: number, cells: number): boolean {
  let used = 0;
  for (let i = from; i < text.length && text[i] !== ' '; ) {
    const char = charAt(text, i);
    used += charWidth(char);
    if (used > cells) return false;
    i += char.length;
  }
  return true;
}

/**
 * Wraps what was sent or received at `width` cells without losing a character: a row ends after a space when the
 * word that follows fits on the next row, and a word longer than a row is cut where the row ends. Rows without
 * their indentation join back into the text exactly. Continuation rows are indented by `indent` spaces; at most
 * `maxRows` rows, the last one then saying how much was left out. The rows shown are all it reads of the text.
 */
export function wrapExact(text: string, width: number, indent = 0, maxRows = Number.POSITIVE_INFINITY): string[] {
  // One row has no room for a row saying what was left out: its start, cut, says what the text is.
  if (maxRows <= 1) return [truncate(text, Math.max(1, width))];
  const safeWidth = Math.max(1, width);
  const pad = ' '.repeat(indentFor(indent, safeWidth));
  const rows: string[] = [];
  let rowStart = 0;
  let used = 0;
  let room = safeWidth;
  /** Where the row may end: just after its last space. */
  let breakAt = -1;
  for (let i = 0; i < text.length; ) {
    const char = charAt(text, i);
    const cells = charWidth(char);
    // A row always takes at least one character: an empty row would never consume a wide one, and loop forever.
    if (used + cells <= room || i === rowStart) {
      if (char === ' ') breakAt = i + 1;
      used += cells;
      i += char.length;
      continue;
    }
    const end = breakAt > rowStart && wordFits(text, breakAt, safeWidth - pad.length) ? breakAt : i;
    rows.push((rows.length === 0 ? '' : pad) + text.slice(rowStart, end));
    if (rows.length === maxRows - 1) {
      rows.push(`${pad}… ${thousands(text.length - end)} more characters (/export keeps them all)`);
      return rows;
    }
    rowStart = end;
    i = end;
    used = 0;
    room = safeWidth - pad.length;
    breakAt = -1;
  }
  rows.push((rows.length === 0 ? '' : pad) + text.slice(rowStart));
  return rows;
}

/**
 * Word wrap for prose: breaks at spaces, hard-wraps words longer than a row. A line's own leading spaces
 * stay on every row, and continuation rows are indented `indent` more.
 */
export function wrapWords(text: string, width: number, indent = 0): string[] {
  const spaces = /^ */.exec(text)![0];
  const lead = spaces.slice(0, Math.max(0, width - WIDEST));
  const safeWidth = Math.max(1, width - lead.length);
  const pad = ' '.repeat(indentFor(indent, safeWidth));
  const rows: string[] = [];
  let row = '';
  const room = (): number => (rows.length === 0 ? safeWidth : safeWidth - pad.length);
  const flush = (): void => {
    rows.push(lead + (rows.length === 0 ? row : pad + row));
    row = '';
  };
  for (const word of text.slice(spaces.length).split(' ')) {
    const candidate = row === '' ? word : `${row} ${word}`;
    if (!widerThan(candidate, room())) {
      row = candidate;
      continue;
    }
    if (row !== '') flush();
    // A word longer than a row is cut in one pass: measuring and slicing what is left at each row was quadratic,
    // and a hostile EHLO keyword can be 8 KiB.
    let used = 0;
    for (const char of word) {
      const cells = charWidth(char);
      if (used + cells > room() && row !== '') {
        flush();
        used = 0;
      }
      row += char;
      used += cells;
    }
  }
  if (row !== '' || rows.length === 0) flush();
  return rows;
}

/** Whether `text` takes more than `cells`, found without measuring past them. */
function widerThan(text: string, cells: number): boolean {
  if (text.length <= cells) return displayWidth(text) > cells;
  let used = 0;
  for (const char of text) {
    used += charWidth(char);
    if (used > cells) return true;
  }
  return false;
}

/** The longest start of `text` that takes at most `cells` cells: whole characters only, none left out that fits. */
export function fitCells(text: string, cells: number): string {
  let used = 0;
  let end = 0;
  for (const char of text) {
    used += charWidth(char);
    if (used > cells) break;
    end += char.length;
  }
  return text.slice(0, end);
}

/** Cuts to `width` cells, ending with … when something was cut. */
export function truncate(text: string, width: number): string {
  return widerThan(text, width) ? `${fitCells(text, width - 1)}…` : text;
}
