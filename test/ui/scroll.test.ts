import test from 'ava';
import { createSessionStore } from '../../src/session/store.js';
import type { SessionEntry } from '../../src/session/store.js';
import { routeKey } from '../../src/ui/router.js';
import { scrollTranscript, selectReply, tlsRows } from '../../src/ui/scroll.js';
import { builtinSession } from '../session/helpers.js';

function reply(i: number): SessionEntry {
  return { at: 0, mark: '<-', kind: 'received', text: `250 reply ${i}`, tls: false, code: 250 };
}

test('Up on a page filled from the oldest entry selects the last reply on screen, not the last one above the anchor', (t) => {
  const store = createSessionStore({ target: '127.0.0.1:25' });
  const { ring } = store.getState().transcript;
  for (let i = 0; i < 12; i++) ring.push(reply(i));
  store.setState((state) => ({ view: { ...state.view, transcriptRows: 10, transcriptWidth: 80 } }));
  scrollTranscript(store, 'scroll.pageUp');
  selectReply(store, -1);
  t.is(store.getState().view.selected, 9, 'entries 0–9 are on screen');
});

test('Home and End in the focused TLS pane go to its ends; the transcript stays where it was', async (t) => {
  const made = await builtinSession(t);
  const { store } = made;
  store.setState((state) => ({ view: { ...state.view, focus: 'tls', tlsRows: 2, tlsWidth: 30 } }));
  const last = Math.max(0, tlsRows(store.getState()).length - 2);
  t.true(last > 0, 'the pane has more rows than it shows');
  routeKey(made.session, { name: 'end' });
  t.is(store.getState().view.tlsScroll, last);
  t.true(store.getState().view.follow, 'the transcript still follows');
  routeKey(made.session, { name: 'home' });
  t.is(store.getState().view.tlsScroll, 0);
});
