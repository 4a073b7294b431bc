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
