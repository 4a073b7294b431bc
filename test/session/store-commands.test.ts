import test from 'ava';
import { createSessionStore } from '../../src/session/store.js';
import { builtinSession } from './helpers.js';
import { explainCode, setVariable, showMailbox, toggleLesson, toggleRawMode, toggleTimestamps } from '../../src/session/store-commands.js';

test('/set shows, sets and unsets variables, saying so in the notice', (t) => {
  const store = createSessionStore({ target: 'set', vars: { helo: 'client.test' } });
  setVariable(store, 'from', 'a@b.test');
  t.deepEqual(store.getState().vars, { helo: 'client.test', from: 'a@b.test' });
  t.is(store.getState().status.notice?.text, 'from=a@b.test');
  setVariable(store, undefined, undefined);
  t.is(store.getState().status.notice?.text, 'helo=client.test  from=a@b.test');
  setVariable(store, 'helo', undefined);
  setVariable(store, 'from', undefined);
  t.deepEqual(store.getState().vars, {});
  setVariable(store, undefined, undefined);
  t.is(store.getState().status.notice?.text, 'no variables set (/set NAME VALUE)');
});

test('/raw and /timestamps flip back and forth; /raw says which way', (t) => {
  const store = createSessionStore({ target: 'toggles' });
  toggleRawMode(store);
  t.true(store.getState().composer.raw);
  t.regex(store.getState().status.notice?.text ?? '', /^raw mode on/);
  toggleRawMode(store);
  t.false(store.getState().composer.raw);
  t.regex(store.getState().status.notice?.text ?? '', /^raw mode off/);
  toggleTimestamps(store);
  t.true(store.getState().view.timestamps);
  toggleTimestamps(store);
  t.false(store.getState().view.timestamps);
});

test('/explain opens the explanation, or names the problem without an overlay', (t) => {
  const store = createSessionStore({ target: 'explain' });
  explainCode(store, 'x');
  t.is(store.getState().overlay.kind, 'none');
  t.is(store.getState().status.notice?.tone, 'problem');
  explainCode(store, '550 5.7.1');
  const overlay = store.getState().overlay;
  t.is(overlay.kind, 'text');
  t.true(overlay.kind === 'text' && overlay.lines.length > 0);
});

test('without the built-in server, /lesson and /mailbox say what they need and change nothing else', (t) => {
  const store = createSessionStore({ target: 'elsewhere' });
  toggleLesson(store, undefined);
  t.false(store.getState().view.lesson);
  t.regex(store.getState().status.notice?.text ?? '', /^\/lesson: only for the built-in server/);
  showMailbox(store, undefined, undefined);
  t.is(store.getState().overlay.kind, 'none');
  t.regex(store.getState().status.notice?.text ?? '', /^\/mailbox: only for the built-in server/);
});

test('/lesson toggles the note and gives the focus back to the input when it hides', (t) => {
  const store = createSessionStore({ target: 'lesson', lesson: true });
  store.setState(({ view }) => ({ view: { ...view, focus: 'lesson' } }));
  toggleLesson(store, { heading: 'Lesson: x — y', lines: [] });
  t.false(store.getState().view.lesson);
  t.is(store.getState().view.focus, 'input');
  toggleLesson(store, { heading: 'Lesson: x — y', lines: [] });
  t.true(store.getState().view.lesson);
});

test('entering a line brings the view back to the newest lines, the selection dropped: the answer shows', async (t) => {
  const made = await builtinSession(t);
  made.store.setState((state) => ({ view: { ...state.view, follow: false, anchor: 0, selected: 0 } }));
  made.session.type('NOOP\r');
  const { view } = made.store.getState();
  t.true(view.follow);
  t.is(view.selected, undefined);
});
