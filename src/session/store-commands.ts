/**
 * The local commands that touch neither the connection nor a file, only the store: /raw, /timestamps, /set,
 * /explain, /mailbox and /lesson (F3). Misuse is answered in the notice, as everywhere on the input line.
 */
import { explainEntry, explainTyped, formatExplanation } from '../core/explanation-text.js';
import { toggleRaw } from './composer.js';
import { setNotice, setOverlay } from './store.js';
import type { SessionEntry, SessionStore } from './store.js';
import { mailboxView, NO_WORKSHOP } from './workshop.js';
import type { LessonNote, Workshop } from './workshop.js';

/** Which keys close it, the line under the overlay says (from the keymap). */
const EXPLANATION_TITLE = 'What the reply means';

export function toggleRawMode(store: SessionStore): void {
  setNotice(
    store,
    toggleRaw(store)
      ? 'raw mode on: \\r \\n \\t \\0 \\xNN \\\\ are sent as bytes and no CRLF is added (end lines with \\r\\n)'
      : 'raw mode off: each line is sent as typed plus CRLF',
  );
}

export function toggleTimestamps(store: SessionStore): void {
  store.setState((state) => ({ view: { ...state.view, timestamps: !state.view.timestamps } }));
}

/** `/set` shows every variable, `/set NAME` unsets one, `/set NAME VALUE` sets it. */
export function setVariable(store: SessionStore, variable: string | undefined, value: string | undefined): void {
  const { vars } = store.getState();
  if (variable === undefined) {
    const shown = Object.entries(vars).map(([name, v]) => `${name}=${v}`);
    setNotice(store, shown.length > 0 ? shown.join('  ') : 'no variables set (/set NAME VALUE)');
    return;
  }
  if (value === undefined) {
    const { [variable]: _removed, ...rest } = vars;
    store.setState({ vars: rest });
    setNotice(store, `${variable} unset`);
    return;
  }
  store.setState({ vars: { ...vars, [variable]: value } });
  setNotice(store, `${variable}=${value}`);
}

/** The whole explanation of a reply line (Enter on a selected reply). */
export function explainReply(store: SessionStore, entry: SessionEntry): void {
  if (entry.code !== undefined) setOverlay(store, { kind: 'text', title: EXPLANATION_TITLE, lines: formatExplanation(explainEntry(entry)), scroll: 0 });
}

export function explainCode(store: SessionStore, text: string): void {
  const explained = explainTyped(text);
  if ('error' in explained) setNotice(store, `/explain: ${explained.error}`, 'problem');
  else setOverlay(store, { kind: 'text', title: EXPLANATION_TITLE, lines: explained.lines, scroll: 0 });
}

export function showMailbox(store: SessionStore, workshop: Workshop | undefined, message: number | undefined): void {
  if (!workshop) {
    setNotice(store, `/mailbox: ${NO_WORKSHOP}`, 'problem');
    return;
  }
  const view = mailboxView(workshop.server, message);
  if ('error' in view) setNotice(store, view.error, 'problem');
  else setOverlay(store, { kind: 'text', title: view.title, lines: view.lines, scroll: 0 });
}

export function toggleLesson(store: SessionStore, lesson: LessonNote | undefined): void {
  if (!lesson) {
    setNotice(store, `/lesson: ${NO_WORKSHOP}`, 'problem');
    return;
  }
  store.setState(({ view }) => ({ view: { ...view, lesson: !view.lesson, focus: view.focus === 'lesson' ? 'input' : view.focus } }));
}
