/**
 * Bracketed paste (xterm's mode 2004): the terminal puts what is pasted between two marks, so the explorer can take
 * it as text even when it holds an ESC, a Ctrl-A or a line end. Ink hands input over in events cut where it likes:
 * a mark may arrive glued to an Esc pressed just before, to a pasted ESC just after, or split across two reads, so
 * the marks are looked for in what has come, not only as whole events.
 */
export const PASTE_START = '\x1b[200~';
export const PASTE_END = '\x1b[201~';
/** A paste whose end never comes (a terminal that lost it) ends after this long without input. */
export const PASTE_IDLE_MS = 1000;

/** What an input event held, in order: keys (typed, or from a terminal without paste marks) or one whole paste. */
export type MarkedInput = { kind: 'keys'; sequence: string } | { kind: 'paste'; text: string };

/** The start of a start mark, held back at the end of an event in case the rest follows (never a key of its own). */
const START_PREFIXES = [PASTE_START.slice(0, 5), PASTE_START.slice(0, 4), PASTE_START.slice(0, 3)];

export class PasteMarks {
  /** The paste under way, if one is. */
  private text: string | undefined;
  /** Where to look for the end mark next: the text before it was searched already. */
  private searchFrom = 0;
  private held = '';
  private idle: NodeJS.Timeout | undefined;

  /** `onIdle`: a paste that ended by time instead of by its mark. */
  constructor(
    private readonly onIdle: (text: string) => void,
    private readonly idleMs = PASTE_IDLE_MS,
  ) {}

  take(sequence: string): MarkedInput[] {
    const found: MarkedInput[] = [];
    let rest = this.held + sequence;
    this.held = '';
    while (rest !== '') {
      if (this.text === undefined) {
        const start = rest.indexOf(PASTE_START);
        const before = start === -1 ? rest : rest.slice(0, start);
        const keys = this.holdPrefix(before).replaceAll(PASTE_END, '');
        if (keys !== '') found.push({ kind: 'keys', sequence: keys });
        if (start === -1) break;
        this.open();
        rest = rest.slice(start + PASTE_START.length);
        continue;
      }
      this.text += rest;
      const end = this.text.indexOf(PASTE_END, this.searchFrom);
      if (end === -1) {
        this.searchFrom = Math.max(0, this.text.length - (PASTE_END.length - 1));
        this.idle?.refresh();
        break;
      }
      rest = this.text.slice(end + PASTE_END.length);
      const pasted = this.close(end);
      if (pasted !== '') found.push({ kind: 'paste', text: pasted });
    }
    return found;
  }

  /** Keeps back a start mark's beginning at the end of `keys`; returns the keys before it. */
  private holdPrefix(keys: string): string {
    const prefix = START_PREFIXES.find((candidate) => keys.endsWith(candidate));
    if (!prefix) return keys;
    this.held = prefix;
    return keys.slice(0, -prefix.length);
  }

  private open(): void {
    this.text = '';
    this.searchFrom = 0;
    this.idle = setTimeout(() => {
      const pasted = this.close(this.text?.length ?? 0);
      if (pasted !== '') this.onIdle(pasted);
    }, this.idleMs).unref();
  }

  /** Ends the paste at `end`, returning its text. */
  private close(end: number): string {
    const pasted = (this.text ?? '').slice(0, end);
    this.text = undefined;
    clearTimeout(this.idle);
    this.idle = undefined;
    return pasted;
  }
}
