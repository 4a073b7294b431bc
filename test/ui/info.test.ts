import test from 'ava';
import { createSessionStore } from '../../src/session/store.js';
import { infoRows } from '../../src/ui/info.js';

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
