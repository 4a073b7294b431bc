/**
 * Questions the session asks the person (a value, a secret, a yes/no) shown as overlays; one at a time.
 * The answer comes back through `answer`, called by the key routing when Enter or Esc is pressed.
 */
import { lineOf } from './line-editor.js';
import { setOverlay } from './store.js';
import type { Overlay, SessionStore } from './store.js';

type Answer = string | boolean | undefined;

export class Questions {
  private pending: ((answer: Answer) => void) | undefined;

  constructor(private readonly store: SessionStore) {}

  /** Resolves with the text entered, or undefined when the person pressed Esc. */
  async ask(label: string, options: { secret?: boolean; initial?: string } = {}): Promise<string | undefined> {
    const answer = await this.open({ kind: 'prompt', label, secret: options.secret === true, line: lineOf(options.initial ?? '') });
    return typeof answer === 'string' ? answer : undefined;
  }

  /** True only for y; `yes` says what y does (default: send it). */
  async confirm(question: string, yes?: string): Promise<boolean> {
    return (await this.open({ kind: 'confirm', question, ...(yes !== undefined ? { yes } : {}) })) === true;
  }

  /** Closes the overlay, so a prompt's text (maybe a secret) leaves the store at once. */
  answer(value: Answer): void {
    const resolve = this.pending;
    this.pending = undefined;
    setOverlay(this.store, { kind: 'none' });
    resolve?.(value);
  }

  private open(overlay: Overlay): Promise<Answer> {
    this.answer(undefined);
    return new Promise((resolve) => {
      this.pending = resolve;
      setOverlay(this.store, overlay);
    });
  }
}
