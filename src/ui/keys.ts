/**
 * One input event from Ink (a key's escape sequence, or a run of typed or pasted text) → a key name. Ink's
 * own `Key` cannot tell F1 from other function keys, so the sequences are read here.
 */
export type KeyName =
  | 'return'
  | 'tab'
  | 'shift+tab'
  | 'backspace'
  | 'delete'
  | 'escape'
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'ctrl+left'
  | 'ctrl+right'
  | 'home'
  | 'end'
  | 'pageup'
  | 'pagedown'
  | `f${number}`
  | `ctrl+${string}`
  | `meta+${string}`
  | 'text'
  | 'unknown'
  /** Letters that overlays take as keys (confirm, close); see `keyOf`. */
  | 'y'
  | 'n'
  | 'q';

export interface KeyEvent {
  name: KeyName;
  /** For `text`: what was typed or pasted, line ends and all. */
  text?: string;
}

const SEQUENCES: Record<string, KeyName> = {
  '\x1b[A': 'up',
  '\x1b[B': 'down',
  '\x1b[C': 'right',
  '\x1b[D': 'left',
  '\x1bOA': 'up',
  '\x1bOB': 'down',
  '\x1bOC': 'right',
  '\x1bOD': 'left',
  '\x1b[1;5C': 'ctrl+right',
  '\x1b[1;5D': 'ctrl+left',
  '\x1b[H': 'home',
  '\x1b[F': 'end',
  '\x1bOH': 'home',
  '\x1bOF': 'end',
  '\x1b[1~': 'home',
  '\x1b[4~': 'end',
  '\x1b[7~': 'home',
  '\x1b[8~': 'end',
  '\x1b[3~': 'delete',
  '\x1b[5~': 'pageup',
  '\x1b[6~': 'pagedown',
  '\x1b[[5~': 'pageup',
  '\x1b[[6~': 'pagedown',
  '\x1b[Z': 'shift+tab',
  '\x1bOP': 'f1',
  '\x1bOQ': 'f2',
  '\x1bOR': 'f3',
  '\x1bOS': 'f4',
  '\x1b[11~': 'f1',
  '\x1b[12~': 'f2',
  '\x1b[13~': 'f3',
  '\x1b[14~': 'f4',
  '\x1b[[A': 'f1',
  '\x1b[[B': 'f2',
  '\x1b[15~': 'f5',
};

const SINGLE: Record<string, KeyName> = {
  '\r': 'return',
  '\n': 'return',
  '\t': 'tab',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\x1b': 'escape',
  '\x1b\x7f': 'ctrl+w',
};

export function parseKey(sequence: string): KeyEvent {
  const single = SINGLE[sequence];
  if (single) return { name: single };
  const known = SEQUENCES[sequence];
  if (known) return { name: known };
  if (sequence.length === 1) {
    const code = sequence.charCodeAt(0);
    if (code >= 1 && code <= 26) return { name: `ctrl+${String.fromCharCode(code + 96)}` };
    if (code < 0x20) return { name: 'unknown' };
  }
  if (sequence.startsWith('\x1b')) {
    // Alt+letter arrives as ESC and the letter; any other unlisted escape sequence is not text.
    return sequence.length === 2 && /[a-z0-9.]/i.test(sequence[1]!) ? { name: `meta+${sequence[1]!.toLowerCase()}` } : { name: 'unknown' };
  }
  return { name: 'text', text: sequence };
}

// Control keys other than the line ends, Tab, DEL and BS, which typed text may carry on purpose. Nor NUL: no key
// anyone means (Ctrl-Space), so inside a run it is pasted data, kept for the line to be refused showing it.
const CONTROL_KEY = /[\x01-\x07\x0b\x0c\x0e-\x1a\x1c-\x1f]/;
const CONTROL_KEYS = new RegExp(`(${CONTROL_KEY.source})`);

/**
 * One input event → the keys in it. Ink hands over a control key and the text typed right after it as one
 * event when they arrive in one read (Ctrl-R then "mail"); each must act on its own.
 */
export function splitKeys(sequence: string): string[] {
  // Esc then a control key in one read (Esc, Ctrl-U) arrives as one "escaped" character no terminal sends for a key.
  if (sequence.length === 2 && sequence[0] === '\x1b' && (CONTROL_KEY.test(sequence[1]!) || sequence[1] === '\t')) return [...sequence];
  // Tabs at the start of a run are Tab pressed, then typing (key repeat, a slow link, a quick typist); pasted text
  // is marked by the terminal (router.ts), and a Tab inside typed text stays text.
  const tabs = /^\t+/.exec(sequence)?.[0];
  if (tabs) return [...tabs, ...(sequence.length > tabs.length ? splitKeys(sequence.slice(tabs.length)) : [])];
  if (sequence.length <= 1 || sequence.startsWith('\x1b') || !CONTROL_KEY.test(sequence)) return [sequence];
  return sequence.split(CONTROL_KEYS).filter((part) => part !== '');
}
