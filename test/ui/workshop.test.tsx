/** The explorer on the built-in server's scenarios: the lesson note, explanations, the mailbox, on screen. */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { startEmbedded } from '../../src/cli/embedded-server.js';
import { hasLine, makeSession, waitForState } from '../session/helpers.js';
import type { TestSession } from '../session/helpers.js';
import { renderApp } from './render.js';

const KEYS = { enter: '\r', esc: '\x1b', tab: '\t', up: '\x1b[A', down: '\x1b[B', f3: '\x1bOR', pageDown: '\x1b[6~', pageUp: '\x1b[5~' };
const HEADING = 'Lesson: require-tls — MAIL before STARTTLS is refused with 530 5.7.0';

async function scenario(t: ExecutionContext, name: string, lesson = true): Promise<TestSession> {
  const embedded = await startEmbedded(name);
  t.teardown(() => embedded.close());
  const made = await makeSession(t, { host: embedded.target.host, port: embedded.target.port }, { lesson, hints: true, workshop: { scenario: embedded.scenario, server: embedded.server } });
  await made.session.connect();
  await waitForState(made.store, hasLine(/^<- {2}220 /), 'the greeting');
  return made;
}

test.serial('require-tls at 100x29: the lesson above the input, F3 hides and shows it, the 530 explained', async (t) => {
  const made = await scenario(t, 'require-tls');
  const app = renderApp(t, made.session, { columns: 100, rows: 29 });
  const start = await app.waitForFrame((f) => f.includes(HEADING), 'the lesson heading');
  t.true(start.includes('Try:'), start);
  t.true(start.indexOf(HEADING) > start.indexOf('220 localhost'), 'below the panes');

  app.write(KEYS.f3);
  const hidden = await app.waitForFrame((f) => !f.includes(HEADING), 'the lesson hidden');
  t.true(hidden.includes('220 localhost'));
  app.write(KEYS.f3);
  await app.waitForFrame((f) => f.includes(HEADING), 'the lesson again');

  app.write('EHLO x\rMAIL FROM:<a@b.c>\r');
  const refused = await app.waitForFrame((f) => f.includes('530 5.7.0 Must issue a STARTTLS command first') && f.includes('530 5.7.0 — '), 'the 530 and its explanation');
  t.regex(refused, /530 5\.7\.0 — STARTTLS or login required: [\s\S]*→ Send STARTTLS/);

  app.write(KEYS.tab);
  app.write(KEYS.up);
  await waitForState(made.store, (s) => s.view.selected !== undefined, 'a selected reply');
  app.write(KEYS.enter);
  const full = await app.waitForFrame((f) => f.includes('What the reply means'), 'the whole explanation');
  t.true(full.includes('What to do:'), full);
  t.true(full.includes('Source:'), full);
  app.write(KEYS.esc);
  await app.waitForFrame((f) => !f.includes('What the reply means') && f.includes(HEADING), 'the panes back');
});

test.serial('Tab reaches the lesson; Down and PgDn scroll it', async (t) => {
  const made = await scenario(t, 'smuggling-vulnerable');
  const app = renderApp(t, made.session, { columns: 100, rows: 29 });
  const first = await app.waitForFrame((f) => f.includes('Lesson: smuggling-vulnerable'), 'the lesson');
  t.regex(first, /Lesson \(F3\) · \d+ more rows/);
  app.write(KEYS.tab);
  app.write(KEYS.tab);
  t.is(made.store.getState().view.focus, 'lesson');
  app.write(KEYS.down);
  t.is(made.store.getState().view.lessonScroll, 1);
  await app.waitForFrame((f) => !f.includes('Lesson: smuggling-vulnerable'), 'the heading scrolled away');
  app.write(KEYS.pageDown);
  t.true(made.store.getState().view.lessonScroll > 1);
  app.write(KEYS.tab);
  t.is(made.store.getState().view.focus, 'tls');
});

test.serial('at 80x24 PgDn pages the focused lesson by its visible rows, PgUp back; the transcript stays', async (t) => {
  const made = await scenario(t, 'default');
  const app = renderApp(t, made.session, { columns: 80, rows: 23 });
  await app.waitForFrame((f) => f.includes('Lesson: default'), 'the lesson');
  app.write(KEYS.tab);
  app.write(KEYS.tab);
  const { view } = made.store.getState();
  t.is(view.focus, 'lesson');
  t.true(view.lessonRows >= 2, `${view.lessonRows} rows`);
  app.write(KEYS.pageDown);
  t.is(made.store.getState().view.lessonScroll, view.lessonRows);
  app.write(KEYS.pageDown);
  t.is(made.store.getState().view.lessonScroll, 2 * view.lessonRows);
  app.write(KEYS.pageUp);
  t.is(made.store.getState().view.lessonScroll, view.lessonRows);
  t.true(made.store.getState().view.follow, 'the transcript still follows the tail');
});

test.serial('at 80x24 the lesson in the TLS pane\'s place says F3 shows the TLS pane, louder once TLS is on; F3 does', async (t) => {
  const made = await scenario(t, 'default');
  const app = renderApp(t, made.session, { columns: 80, rows: 23 });
  const start = await app.waitForFrame((f) => f.includes('Lesson: default'), 'the lesson');
  t.true(start.includes('Lesson (F3 shows the TLS pane) · '), start);
  t.false(start.includes('PLAINTEXT — nothing is encrypted'), 'the TLS pane gave way');
  app.write('EHLO x\rSTARTTLS\r');
  const tls = await app.waitForFrame((f) => f.includes('TLS started'), 'TLS');
  const title = tls.split('\n').find((row) => row.includes('Lesson · TLS is on: F3 shows the TLS pane')) ?? '';
  t.true(title !== '' && [...title].length <= 80, tls);
  app.write(KEYS.f3);
  await app.waitForFrame((f) => f.includes('ENCRYPTED — TLSv1.3') && !f.includes('Lesson'), 'the TLS pane back');
});

test.serial('the plain run keeps the lesson behind F3; the status bar counts the mailbox; /mailbox lists it', async (t) => {
  const made = await scenario(t, 'default', false);
  const app = renderApp(t, made.session, { columns: 100, rows: 30 });
  const start = await app.waitForFrame((f) => f.includes('mailbox: 0'), 'the count');
  t.false(start.includes('Lesson: default'));
  app.write(KEYS.f3);
  await app.waitForFrame((f) => f.includes('Lesson: default'), 'the lesson on F3');

  app.write('EHLO x\rMAIL FROM:<ceo@example.org>\rRCPT TO:<friend@example.org>\rDATA\rSubject: hi\r\rhello\r.\r');
  await app.waitForFrame((f) => f.includes('mailbox: 1'), 'the count after a message');
  app.write('/mailbox\r');
  const list = await app.waitForFrame((f) => f.includes('Mailbox — 1 message'), 'the mailbox');
  t.regex(list, /message 1 from <ceo@example\.org> to <friend@example\.org> \(\d+ bytes; 127\.0\.0\.1, plaintext\)/);
  app.write(KEYS.esc);
  await app.waitForFrame((f) => !f.includes('Mailbox —'), 'the mailbox closed');
  app.write('/mailbox 1\r');
  const one = await app.waitForFrame((f) => f.includes('Mailbox — message 1'), 'one message');
  // The empty line between header and body keeps its row.
  t.regex(one, /┃Subject: hi +┃\n┃ +┃\n┃hello +┃/);
});

test.serial('/explain opens the overlay; a long one scrolls and Esc closes it', async (t) => {
  const made = await makeSession(t, { host: '127.0.0.1', port: 9 });
  const app = renderApp(t, made.session, { columns: 60, rows: 14 });
  app.write('/explain 550 5.7.1 Relay access denied\r');
  const shown = await app.waitForFrame((f) => f.includes('550 5.7.1 — '), 'the explanation');
  t.regex(shown, /more rows? \(↓, PgDn\)/);
  t.true(shown.includes('Esc, q or Enter closes'), shown);
  app.write(KEYS.pageDown);
  await app.waitForFrame((f) => f.includes('Source:'), 'the end of it');
  app.write(KEYS.esc);
  await app.waitForFrame((f) => !f.includes('550 5.7.1 — '), 'the overlay closed');
});
