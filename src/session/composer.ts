/** The input line's actions. Each reads the store's latest state, so keys arriving faster than frames all count. */
import type { History } from './history.js';
import { applyEdit, insertText, lineOf } from './line-editor.js';
import type { EditOp, LineState } from './line-editor.js';
import { EMPTY_LINE } from './store.js';
import type { SessionStore } from './store.js';

export function setLine(store: SessionStore, line: LineState): void {
  store.setState((state) => ({ composer: { ...state.composer, line } }));
}

export function editLine(store: SessionStore, op: EditOp): void {
  setLine(store, applyEdit(store.getState().composer.line, op));
}

export function typeIntoLine(store: SessionStore, text: string): void {
  setLine(store, insertText(store.getState().composer.line, text));
}

/** Empties the line and ends history browsing; returns what was typed. */
export function takeLine(store: SessionStore): string {
  const { composer } = store.getState();
  const { historyIndex: _browsing, ...rest } = composer;
  store.setState({ composer: { ...rest, line: EMPTY_LINE, stash: '' } });
  return composer.line.text;
}

/** Up (`older`) and Down through history; the line being typed is kept and comes back past the newest. */
export function browseHistory(store: SessionStore, history: History, direction: 'older' | 'newer'): void {
  const { composer } = store.getState();
  const index = composer.historyIndex;
  if (direction === 'older') {
    const next = index === undefined ? 0 : index + 1;
    const recalled = history.recall(next);
    if (recalled === undefined) return;
    const stash = index === undefined ? composer.line.text : composer.stash;
    store.setState({ composer: { ...composer, line: lineOf(recalled), historyIndex: next, stash } });
    return;
  }
  if (index === undefined) return;
  if (index === 0) {
    const { historyIndex: _browsing, ...rest } = composer;
    store.setState({ composer: { ...rest, line: lineOf(composer.stash), stash: '' } });
    return;
  }
  store.setState({ composer: { ...composer, line: lineOf(history.recall(index - 1) ?? ''), historyIndex: index - 1 } });
}

export function setQueued(store: SessionStore, queued: number): void {
  const { composer } = store.getState();
  if (composer.queued !== queued) store.setState({ composer: { ...composer, queued } });
}

export function toggleRaw(store: SessionStore): boolean {
  const raw = !store.getState().composer.raw;
  store.setState((state) => ({ composer: { ...state.composer, raw } }));
  return raw;
}
