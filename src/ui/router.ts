/**
 * The one place keys are routed: an input event → the scope it lands in (a modal overlay, else the
 * focused pane, then global) → a command from the keymap, or text for the line being edited. Reads the
 * store's latest state for every event, so nothing depends on React having re-rendered in between.
 */
import { browseHistory, editLine, setLine } from '../session/composer.js';
import { applyEdit, insertText, lineOf, splitTyped } from '../session/line-editor.js';
import type { EditOp, LineState } from '../session/line-editor.js';
import type { Session } from '../session/session.js';
import { following, setOverlay } from '../session/store.js';
import type { Focus, SessionState } from '../session/store.js';
import { filterTemplates } from '../session/templates.js';
import { parseKey, splitKeys } from './keys.js';
import { PasteMarks } from './paste-marks.js';
import type { KeyEvent } from './keys.js';
import { keyOf, lookup } from './keymap.js';
import type { CommandId, Scope } from './keymap.js';
import { scrollLesson, scrollOverlay, scrollTranscript, scrollTls, selectReply } from './scroll.js';

const FOCUS_ORDER: readonly Focus[] = ['input', 'transcript', 'lesson', 'tls'];

export function scopesFor(state: SessionState): Scope[] {
  switch (state.overlay.kind) {
    case 'help':
      return ['help'];
    case 'text':
      return ['text'];
    case 'templates':
      return ['templates', 'line'];
    case 'search':
      return ['search', 'line'];
    case 'prompt':
      return ['prompt', 'line'];
    case 'confirm':
      return ['confirm'];
    case 'none':
      break;
  }
  if (state.view.focus === 'input') return ['input', 'line', 'global'];
  return [state.view.focus, 'global'];
}

const marks = new WeakMap<Session, PasteMarks>();

function pasted(session: Session, text: string): void {
  typeText(session, session.store.getState(), text, true);
}

/**
 * Handles one input event as Ink delivers it: a key, or a run of typed or pasted text. Between the terminal's
 * paste marks everything is text, escape sequences and control characters too: a pasted ESC, Ctrl-A or DEL is
 * shown escaped, and never edits the line or moves the focus.
 */
export function routeInput(session: Session, sequence: string): void {
  let pastes = marks.get(session);
  if (!pastes) {
    pastes = new PasteMarks((text) => pasted(session, text));
    marks.set(session, pastes);
  }
  for (const input of pastes.take(sequence)) {
    if (input.kind === 'paste') pasted(session, input.text);
    else for (const key of splitKeys(input.sequence)) routeKey(session, parseKey(key));
  }
}

export function routeKey(session: Session, key: KeyEvent): void {
  const state = session.store.getState();
  if (key.name === 'ctrl+c') {
    void session.quit();
    return;
  }
  const command = lookup(scopesFor(state), keyOf(key.name, key.text));
  if (command) runCommand(session, command);
  else if (key.name === 'text' && key.text !== undefined) typeText(session, state, key.text);
}

/** `pasted`: inside the terminal's paste marks. A paste answers no y/N question and closes nothing. */
function typeText(session: Session, state: SessionState, text: string, pasted = false): void {
  const { store } = session;
  switch (state.overlay.kind) {
    case 'none':
      if (state.view.focus !== 'input') store.setState({ view: { ...state.view, focus: 'input' } });
      session.type(text, pasted);
      return;
    case 'templates':
    case 'search':
    case 'prompt': {
      // Only the first line counts; the rest is dropped, never typed elsewhere (it may be a secret).
      for (const piece of splitTyped(text, pasted)) {
        if (piece.kind === 'submit') {
          runCommand(session, 'overlay.accept');
          return;
        }
        updateOverlayLine(session, (line) => (piece.kind === 'text' ? insertText(line, piece.text) : applyEdit(line, 'backspace')));
      }
      return;
    }
    case 'help':
    case 'text':
    case 'confirm':
      return;
  }
}

function updateOverlayLine(session: Session, change: (line: LineState) => LineState): void {
  const { overlay } = session.store.getState();
  if (overlay.kind === 'templates') setOverlay(session.store, { ...overlay, filter: change(overlay.filter), index: 0 });
  else if (overlay.kind === 'search') setOverlay(session.store, { ...overlay, query: change(overlay.query), index: 0 });
  else if (overlay.kind === 'prompt') setOverlay(session.store, { ...overlay, line: change(overlay.line) });
}

function edit(session: Session, op: EditOp): void {
  if (session.store.getState().overlay.kind === 'none') editLine(session.store, op);
  else updateOverlayLine(session, (line) => applyEdit(line, op));
}

function moveOverlay(session: Session, step: -1 | 1): void {
  const { overlay } = session.store.getState();
  scrollOverlay(session.store, step);
  if (overlay.kind === 'templates') {
    const count = filterTemplates(session.templates, overlay.filter.text).length;
    setOverlay(session.store, { ...overlay, index: Math.min(Math.max(0, overlay.index + step), Math.max(0, count - 1)) });
  }
  if (overlay.kind === 'search') {
    const count = session.history.search(overlay.query.text).length;
    setOverlay(session.store, { ...overlay, index: Math.min(Math.max(0, overlay.index + step), Math.max(0, count - 1)) });
  }
}

function acceptOverlay(session: Session): void {
  const { store } = session;
  const { overlay } = store.getState();
  if (overlay.kind === 'prompt') {
    session.questions.answer(overlay.line.text);
    return;
  }
  setOverlay(store, { kind: 'none' });
  if (overlay.kind === 'templates') {
    const template = filterTemplates(session.templates, overlay.filter.text)[overlay.index];
    if (template) session.applyTemplate(template);
  }
  if (overlay.kind === 'search') {
    const found = session.history.search(overlay.query.text)[overlay.index];
    if (found !== undefined) setLine(store, lineOf(found));
  }
}

function closeOverlay(session: Session): void {
  if (session.store.getState().overlay.kind === 'prompt') session.questions.answer(undefined);
  else setOverlay(session.store, { kind: 'none' });
}

/** Panes not on screen (the lesson note when hidden, the TLS pane when the note took its place) are skipped. */
function cycleFocus(session: Session, step: 1 | -1): void {
  const { view } = session.store.getState();
  const shown = FOCUS_ORDER.filter((focus) => (focus === 'lesson' ? view.lessonRows > 0 : focus === 'tls' ? view.tlsRows > 0 : true));
  const at = shown.indexOf(view.focus);
  const focus = shown[(at + step + shown.length) % shown.length]!;
  session.store.setState({ view: { ...view, focus } });
}

/** Enter in the transcript: the whole explanation of the selected reply; with none selected, back to the input. */
function explainSelected(session: Session): void {
  const { view, transcript } = session.store.getState();
  const entry = view.selected === undefined ? undefined : transcript.ring.get(view.selected);
  if (entry?.code !== undefined) session.explain(entry);
  else session.store.setState({ view: { ...view, focus: 'input' } });
}

function escape(session: Session): void {
  if (session.cancelWait()) return;
  session.store.setState((state) => ({ view: { ...following(state.view), focus: 'input' } }));
}

export function runCommand(session: Session, command: CommandId): void {
  const { store } = session;
  if (command.startsWith('edit.')) {
    edit(session, command.slice('edit.'.length) as EditOp);
    return;
  }
  switch (command) {
    case 'app.quit':
      void session.quit();
      return;
    case 'app.help':
      setOverlay(store, { kind: 'help', scroll: 0 });
      return;
    case 'app.escape':
      escape(session);
      return;
    case 'focus.next':
      cycleFocus(session, 1);
      return;
    case 'focus.previous':
      cycleFocus(session, -1);
      return;
    case 'templates.open':
      setOverlay(store, { kind: 'templates', filter: lineOf(''), index: 0 });
      return;
    case 'history.search':
      setOverlay(store, { kind: 'search', query: lineOf(''), index: 0 });
      return;
    case 'view.timestamps':
      store.setState((state) => ({ view: { ...state.view, timestamps: !state.view.timestamps } }));
      return;
    case 'lesson.toggle':
      session.toggleLesson();
      return;
    case 'lesson.up':
    case 'lesson.down':
      scrollLesson(store, session.lesson, command === 'lesson.up' ? -1 : 1);
      return;
    case 'lesson.pageUp':
    case 'lesson.pageDown':
      scrollLesson(store, session.lesson, command === 'lesson.pageUp' ? -1 : 1, true);
      return;
    case 'lesson.top':
    case 'lesson.bottom':
      scrollLesson(store, session.lesson, command === 'lesson.top' ? -Infinity : Infinity);
      return;
    case 'transcript.explain':
      explainSelected(session);
      return;
    case 'scroll.pageUp':
    case 'scroll.pageDown':
    case 'scroll.top':
    case 'scroll.bottom':
      scrollTranscript(store, command);
      return;
    case 'input.submit':
      session.enter();
      return;
    case 'history.older':
      browseHistory(store, session.history, 'older');
      return;
    case 'history.newer':
      browseHistory(store, session.history, 'newer');
      return;
    case 'select.previous':
      selectReply(store, -1);
      return;
    case 'select.next':
      selectReply(store, 1);
      return;
    case 'tls.up':
      scrollTls(store, -1);
      return;
    case 'tls.down':
      scrollTls(store, 1);
      return;
    case 'tls.pageUp':
    case 'tls.pageDown':
      scrollTls(store, command === 'tls.pageUp' ? -1 : 1, true);
      return;
    case 'tls.top':
    case 'tls.bottom':
      scrollTls(store, command === 'tls.top' ? -Infinity : Infinity);
      return;
    case 'overlay.close':
      closeOverlay(session);
      return;
    case 'overlay.up':
      moveOverlay(session, -1);
      return;
    case 'overlay.down':
      moveOverlay(session, 1);
      return;
    case 'overlay.pageUp':
    case 'overlay.pageDown':
      scrollOverlay(store, command === 'overlay.pageUp' ? -1 : 1, true);
      return;
    case 'overlay.accept':
      acceptOverlay(session);
      return;
    case 'confirm.yes':
      session.questions.answer(true);
      return;
    case 'confirm.no':
      session.questions.answer(false);
      return;
  }
}
