/**
 * The input line as pure data: text plus a cursor, and the readline-style edits on it. Kept out of React so
 * that every keystroke applies to the latest state, however fast the keys come.
 */
export interface LineState {
  text: string;
  /** UTF-16 offset, never inside a surrogate pair. */
  cursor: number;
}

export type EditOp =
  | 'left'
  | 'right'
  | 'start'
  | 'end'
  | 'backspace'
  | 'delete'
  | 'killToStart'
  | 'killToEnd'
  | 'deleteWordBack'
  | 'wordLeft'
  | 'wordRight';

export function lineOf(text: string): LineState {
  return { text, cursor: text.length };
}

export function insertText(line: LineState, text: string): LineState {
  if (text === '') return line;
  return {
    text: line.text.slice(0, line.cursor) + text + line.text.slice(line.cursor),
    cursor: line.cursor + text.length,
  };
}

function isLowSurrogate(code: number | undefined): boolean {
  return code !== undefined && code >= 0xdc00 && code <= 0xdfff;
}

function stepBack(text: string, at: number): number {
  if (at <= 0) return 0;
  return isLowSurrogate(text.charCodeAt(at - 1)) && at >= 2 ? at - 2 : at - 1;
}

function stepForward(text: string, at: number): number {
  if (at >= text.length) return text.length;
  return isLowSurrogate(text.charCodeAt(at + 1)) ? at + 2 : at + 1;
}

function wordStartBefore(text: string, at: number): number {
  let i = at;
  while (i > 0 && /\s/.test(text[i - 1] ?? '')) i--;
  while (i > 0 && !/\s/.test(text[i - 1] ?? '')) i--;
  return i;
}

function wordEndAfter(text: string, at: number): number {
  let i = at;
  while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  while (i < text.length && !/\s/.test(text[i] ?? '')) i++;
  return i;
}

export function applyEdit(line: LineState, op: EditOp): LineState {
  const { text, cursor } = line;
  switch (op) {
    case 'left':
      return { text, cursor: stepBack(text, cursor) };
    case 'right':
      return { text, cursor: stepForward(text, cursor) };
    case 'start':
      return { text, cursor: 0 };
    case 'end':
      return { text, cursor: text.length };
    case 'backspace': {
      const from = stepBack(text, cursor);
      return { text: text.slice(0, from) + text.slice(cursor), cursor: from };
    }
    case 'delete':
      return { text: text.slice(0, cursor) + text.slice(stepForward(text, cursor)), cursor };
    case 'killToStart':
      return { text: text.slice(cursor), cursor: 0 };
    case 'killToEnd':
      return { text: text.slice(0, cursor), cursor };
    case 'deleteWordBack': {
      const from = wordStartBefore(text, cursor);
      return { text: text.slice(0, from) + text.slice(cursor), cursor: from };
    }
    case 'wordLeft':
      return { text, cursor: wordStartBefore(text, cursor) };
    case 'wordRight':
      return { text, cursor: wordEndAfter(text, cursor) };
  }
}

/**
 * Typed or pasted text → the line edits it means, in order: line ends (CR, LF or CRLF) submit what came
 * before them, DEL and BS erase, everything else is inserted as it came. In text the terminal marked as
 * pasted (`pasted`), DEL and BS are data like any other character, shown escaped.
 */
export type TypedPiece = { kind: 'text'; text: string } | { kind: 'submit' } | { kind: 'erase' };

export function splitTyped(input: string, pasted = false): TypedPiece[] {
  const pieces: TypedPiece[] = [];
  let start = 0;
  for (let i = 0; i < input.length; i++) {
    const char = input[i];
    if (char !== '\r' && char !== '\n' && (pasted || (char !== '\x7f' && char !== '\b'))) continue;
    if (i > start) pieces.push({ kind: 'text', text: input.slice(start, i) });
    if (char === '\r' && input[i + 1] === '\n') i++;
    pieces.push(char === '\r' || char === '\n' ? { kind: 'submit' } : { kind: 'erase' });
    start = i + 1;
  }
  if (start < input.length) pieces.push({ kind: 'text', text: input.slice(start) });
  return pieces;
}
