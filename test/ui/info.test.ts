import test from 'ava';
import { appendEntries, createSessionStore, setNotice } from '../../src/session/store.js';
import { infoRows, MAX_INFO_ROWS } from '../../src/ui/info.js';
import { displayWidth } from '../../src/ui/text-width.js';

test('the rows above the input are worked out once per state and width: layout and line share them', (t) => {
  const store = createSessionStore({ target: '127.0.0.1:25' });
  const state = store.getState();
  const first = infoRows(state, 80);
  t.is(infoRows(state, 80), first);
  t.not(infoRows(state, 40), first);
  store.setState((previous) => ({ status: { ...previous.status, notice: { text: 'changed', tone: 'info' } } }));
  t.deepEqual(infoRows(store.getState(), 40).map((row) => row.text), ['changed']);
});

test('while a reply is awaited, the line says how many typed lines are queued behind it', (t) => {
  const store = createSessionStore({ target: '127.0.0.1:25' });
  const now = Date.now();
  store.setState((state) => ({
    composer: { ...state.composer, queued: 2 },
    status: { ...state.status, phase: 'connecting', connected: true, waiting: { verb: 'greeting', display: 'the greeting', startedAt: now - 5000, deadline: now + 55_000 }, now },
  }));
  t.deepEqual(
    infoRows(store.getState(), 200).map((row) => row.text),
    ['waiting for the reply to the greeting · 55 s left · 2 lines queued — Esc gives up (closes the connection)'],
  );
  store.setState((state) => ({ composer: { ...state.composer, queued: 1 } }));
  t.regex(infoRows(store.getState(), 200)[0]?.text ?? '', /· 1 line queued —/);
});

test('a reply still coming says how many of its lines came: past the lines kept for the screen nothing else shows it', (t) => {
  const store = createSessionStore({ target: '127.0.0.1:25' });
  const now = Date.now();
  const waiting = { verb: 'NOOP', display: 'NOOP', startedAt: now - 3000, deadline: now + 27_000, linesSoFar: 123_456 } as const;
  store.setState((state) => ({ status: { ...state.status, phase: 'EHLO', connected: true, waiting, now } }));
  t.deepEqual(infoRows(store.getState(), 200).map((row) => row.text), [
    'waiting for the reply to NOOP · 123,456 lines so far · 27 s left — Esc gives up (closes the connection)',
  ]);
});

test('raw mode in DATA says so, and what ends the message then: raw lines are not dot-stuffed and get no CRLF', (t) => {
  const store = createSessionStore({ target: '127.0.0.1:25' });
  store.setState((state) => ({ composer: { ...state.composer, raw: true }, status: { ...state.status, connected: true, inData: true } }));
  t.regex(infoRows(store.getState(), 200)[0]?.text ?? '', /^raw mode in DATA: bytes go as written, not dot-stuffed, nothing added; \\r\\n\.\\r\\n ends the message/);
});

/** A store whose latest entry is Exim's 503 to AUTH before STARTTLS: its explanation takes more than three rows at 80. */
function refusedAuth() {
  const store = createSessionStore({ target: '127.0.0.1:25' });
  appendEntries(store, [
    { at: 0, mark: '->', kind: 'sent', text: 'AUTH PLAIN [redacted]', tls: false },
    { at: 0, mark: '<-', kind: 'received', text: '<-  503 5.5.1 AUTH command used when not advertised', tls: false, code: 503, enhanced: '5.5.1' },
  ]);
  return store;
}

test('an explanation cut to the rows above the input ends with … and the keys that show it whole', (t) => {
  const store = refusedAuth();
  const rows = infoRows(store.getState(), 80).map((row) => row.text);
  t.is(rows.length, MAX_INFO_ROWS);
  t.true(rows.every((row) => displayWidth(row) <= 80), rows.join('\n'));
  t.regex(rows[0]!, /^503 5\.5\.1 — /);
  // From the input: Tab to the transcript, ↑ selects the latest reply, Enter opens the whole explanation.
  t.regex(rows.at(-1)!, /…\S* Tab, ↑, Enter: all of it$/);

  store.setState((state) => ({ view: { ...state.view, focus: 'transcript', selected: state.transcript.ring.end - 1 } }));
  t.regex(infoRows(store.getState(), 80).at(-1)!.text, /… Enter: all of it$/);

  // Given fewer rows by the layout (a short terminal), the last one it gets still says so.
  const two = infoRows(store.getState(), 80, 2).map((row) => row.text);
  t.is(two.length, 2);
  t.regex(two[1]!, /… Enter: all of it$/);
});

test('an explanation that fits is not marked; a notice cut short ends with … alone', (t) => {
  const store = refusedAuth();
  const wide = infoRows(store.getState(), 400).map((row) => row.text);
  t.is(wide.length, 1);
  t.false(wide[0]!.includes('…'));
  t.false(wide[0]!.includes('all of it'));

  setNotice(store, 'word '.repeat(100).trim());
  const rows = infoRows(store.getState(), 40).map((row) => row.text);
  t.is(rows.length, MAX_INFO_ROWS);
  t.is(rows.at(-1), '  word word word word word word word …');
});

test('a cut row keeps every character that fits and never splits one: a wide emoji at the edge stays whole or goes whole', (t) => {
  const store = createSessionStore({ target: '127.0.0.1:25' });
  // At 11 columns the third row is "  " and the word given, then a fourth row follows: the third is cut to 10 cells and ….
  const third = (word: string): string => {
    setNotice(store, `aaaaaaaaaaa bbbbbbbbb ${word} zzz`);
    return infoRows(store.getState(), 11).at(-1)!.text;
  };
  t.is(third('abcdefgh'), '  abcdefgh…', 'a row exactly as wide as the room keeps its last letter');
  t.is(third('abcdef😀'), '  abcdef😀…', 'an emoji that fits is kept whole');
  t.is(third('abcdefghi'), '  abcdefgh…', 'one cell too wide: the last letter goes');
  t.is(third('abcdefg😀'), '  abcdefg…', 'one cell too wide with an emoji at the end: the emoji goes whole, no half of it left');
});
