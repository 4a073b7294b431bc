import test from 'ava';
import { Profiler } from 'react';
import { WORKSHOP_PASSWORD, WORKSHOP_USER } from '../../src/server/builtin.js';
import { saslPlain } from '../../src/core/sasl.js';
import { SessionContext } from '../../src/ui/context.js';
import { FramePacer } from '../../src/ui/frame-pacer.js';
import { InputLine } from '../../src/ui/InputLine.js';
import { ScrolledPane } from '../../src/ui/ScrolledPane.js';
import { TranscriptPane } from '../../src/ui/TranscriptPane.js';
import { useKeyRouter } from '../../src/ui/use-key-router.js';
import { BUILT_IN_TEMPLATES } from '../../src/session/templates.js';
import type { Template } from '../../src/session/templates.js';
import { createTheme } from '../../src/ui/theme.js';
import { builtinSession, hasLine, makeSession, transcriptText, waitForState } from '../session/helpers.js';
import { renderApp, renderTree } from './render.js';

const KEYS = { enter: '\r', esc: '\x1b', tab: '\t', f1: '\x1bOP', ctrlT: '\x14', ctrlR: '\x12', pageUp: '\x1b[5~', pageDown: '\x1b[6~', up: '\x1b[A' };

function widest(frame: string): number {
  return Math.max(...frame.split('\n').map((line) => [...line].length));
}

test.serial('at 80x24 the panes stack and nothing goes past the screen; at 100 columns they sit side by side', async (t) => {
  const small = await builtinSession(t);
  const app = renderApp(t, small.session, { columns: 80, rows: 23 });
  const frame = await app.waitForFrame((f) => f.includes('220 localhost ESMTP'), 'the greeting');
  t.true(widest(frame) <= 80, `a line is ${widest(frame)} wide`);
  t.true(frame.split('\n').length <= 23);
  t.regex(frame, /Transcript[\s\S]*\n.*TLS/);
  t.true(frame.includes('PLAINTEXT — nothing is encrypted'));

  const large = await builtinSession(t);
  const wide = renderApp(t, large.session, { columns: 100, rows: 39 });
  const sideBySide = await wide.waitForFrame((f) => f.includes('220 localhost ESMTP'), 'the greeting');
  t.regex(sideBySide.split('\n')[2] ?? '', /Transcript.*TLS/);
  t.true(widest(sideBySide) <= 100);
});

test.serial('the seed story in the components: EHLO, STARTTLS, EHLO; the TLS pane and the capability diff', async (t) => {
  const made = await builtinSession(t);
  const app = renderApp(t, made.session);
  app.write('EHLO client.test\r');
  await app.waitForFrame((f) => f.includes('250 SIZE'), 'the EHLO reply');
  app.write('STARTTLS\r');
  await app.waitForFrame((f) => f.includes('ENCRYPTED — TLSv1.3'), 'the TLS pane');
  app.write('EHLO client.test\r');
  const frame = await app.waitForFrame((f) => f.includes('AUTH PLAIN LOGIN appeared'), 'the capability diff');
  t.true(frame.includes('TLSv1.3 · TLS_AES_256_GCM_SHA384'));
  t.true(frame.includes('version: TLSv1.3'));
  t.true(frame.includes('~> EHLO client.test'));
  t.true(frame.includes('SMTP/TLS›'));
});

test.serial('typing at full speed loses nothing: one key per write, no frame in between', async (t) => {
  const made = await makeSession(t, { host: '127.0.0.1', port: 9 });
  const app = renderApp(t, made.session);
  const text = 'MAIL FROM:<someone.with.a.long.address@example.org> SIZE=12345';
  for (const char of text) app.write(char);
  app.write('\x1b[D\x1b[D');
  app.write('X');
  t.is(made.store.getState().composer.line.text, `${text.slice(0, -2)}X${text.slice(-2)}`);
  await app.waitForFrame((f) => f.includes('SIZE=123X45'), 'the typed line');
});

test.serial('a 200-line paste in DATA arrives whole and in order', async (t) => {
  const made = await builtinSession(t);
  const app = renderApp(t, made.session);
  app.write('EHLO client.test\rMAIL FROM:<a@example.org>\rRCPT TO:<b@example.org>\rDATA\r');
  await app.waitForFrame((f) => f.includes('354 '), 'the 354');
  await app.waitForFrame((f) => f.includes('DATA›'), 'the DATA prompt');
  const body = Array.from({ length: 200 }, (_, i) => (i % 9 === 0 ? `.dot line ${i}` : `body line ${i}`));
  const received = new Promise((resolve) => made.server.onMessage(resolve));
  app.write(body.join('\r') + '\r.\r');
  await received;
  t.is(made.server.mailbox[0]?.raw.toString(), body.join('\r\n') + '\r\n');
  await app.waitForFrame((f) => f.includes('250 2.6.0'), 'the final reply');
});

test.serial('typing does not re-render the transcript pane', async (t) => {
  const made = await builtinSession(t);
  let transcriptCommits = 0;
  const context = { session: made.session, theme: createTheme({}), frames: new FramePacer(made.store) };
  function Keys() {
    useKeyRouter(made.session, context.frames);
    return null;
  }
  const app = renderTree(
    t,
    <SessionContext.Provider value={context}>
      <Keys />
      <Profiler id="transcript" onRender={() => (transcriptCommits += 1)}>
        <TranscriptPane box={{ width: 80, height: 20 }} text={{ width: 78, height: 17 }} />
      </Profiler>
      <InputLine width={80} />
    </SessionContext.Provider>,
  );
  await app.waitForFrame((f) => f.includes('220 localhost'), 'the greeting');
  const before = transcriptCommits;
  for (const char of 'NOOP and more typing') app.write(char);
  t.is(made.store.getState().composer.line.text, 'NOOP and more typing');
  await app.waitForFrame((f) => f.includes('SMTP› NOOP and more typing'), 'the typed line');
  t.is(transcriptCommits, before);
  app.write('\r');
  await app.waitForFrame((f) => f.includes('-> NOOP and more typing'), 'the line in the transcript');
  t.true(transcriptCommits > before);
});

test.serial('Ctrl-T opens the picker; typing filters; Enter puts the template in the input to edit', async (t) => {
  const made = await builtinSession(t, { vars: { from: 'me@example.org' } });
  const app = renderApp(t, made.session);
  app.write(KEYS.ctrlT);
  await app.waitForFrame((f) => f.includes('Templates — type to filter'), 'the picker');
  app.write('mail from');
  const filtered = await app.waitForFrame((f) => f.includes('2 of '), 'two matches');
  t.true(filtered.includes('MAIL FROM:<{from}>'));
  app.write(KEYS.enter);
  await app.waitForFrame((f) => f.includes('SMTP› MAIL FROM:<me@example.org>'), 'the filled template in the input');
  t.is(made.store.getState().composer.line.text, 'MAIL FROM:<me@example.org>');
});

test.serial('the picker says what steps really do (message lines get no replies); no dangling dash without a description', async (t) => {
  const made = await makeSession(t, { host: '127.0.0.1', port: 9 });
  const probe: Template = { name: 'probe recipient', description: '', origin: 'user', kind: 'steps', steps: ['MAIL FROM:<a@b>', 'RCPT TO:<c@d>', 'RSET'] };
  Object.assign(made.session, { templates: [...BUILT_IN_TEMPLATES, probe] });
  const app = renderApp(t, made.session);
  app.write(KEYS.ctrlT);
  app.write('sample');
  const sample = await app.waitForFrame((f) => f.includes('▶ DATA with a sample message'), 'the DATA template');
  t.true(sample.includes('DATA; after the 354, 7 message lines (no replies), then the lone'), sample);
  t.false(sample.includes('lines, each after the reply to the one before'), sample);
  app.write('\x15probe');
  const own = await app.waitForFrame((f) => f.includes('▶ probe recipient'), 'the user template');
  const row = own.split('\n').find((line) => line.includes('▶ probe recipient')) ?? '';
  t.regex(row, /3 lines, each after the reply to the one before *[┃│]$/, own);
});

test.serial('the AUTH template flow on screen: confirm, user, masked secret, [redacted], and no secret in any frame', async (t) => {
  const made = await builtinSession(t);
  const app = renderApp(t, made.session);
  app.write('EHLO client.test\rSTARTTLS\r');
  await app.waitForFrame((f) => f.includes('ENCRYPTED'), 'TLS');
  app.write('EHLO client.test\r');
  await app.waitForFrame((f) => f.includes('AUTH PLAIN LOGIN appeared'), 'EHLO over TLS');
  app.write(KEYS.ctrlT);
  app.write('auth plain');
  await app.waitForFrame((f) => f.includes('▶ AUTH PLAIN'), 'AUTH PLAIN chosen');
  app.write(KEYS.enter);
  const confirm = await app.waitForFrame((f) => f.includes('Send anyway? y/N'), 'the confirmation');
  t.true(confirm.includes('y = yes, send it'));
  app.write('y');
  await app.waitForFrame((f) => f.includes('AUTH PLAIN: user'), 'the user prompt');
  app.write(`${WORKSHOP_USER}\r`);
  await app.waitForFrame((f) => f.includes('password (not shown, not stored)'), 'the secret prompt');
  for (const char of WORKSHOP_PASSWORD) app.write(char);
  const masked = await app.waitForFrame((f) => f.includes('› ••••••••'), 'the masked secret');
  t.false(masked.includes(`› ${WORKSHOP_PASSWORD}`));
  app.write(KEYS.enter);
  const done = await app.waitForFrame((f) => f.includes('235 2.7.0'), 'authentication');
  t.true(done.includes('~> AUTH PLAIN [redacted]'));
  const encoded = saslPlain(WORKSHOP_USER, WORKSHOP_PASSWORD);
  t.false(app.frames.some((frame) => frame.includes(encoded) || frame.includes(`› ${WORKSHOP_PASSWORD}`)));
});

test.serial('F1 shows every key from the keymap; Esc closes it, and Enter, as the line under it says', async (t) => {
  const made = await makeSession(t, { host: '127.0.0.1', port: 9 });
  const app = renderApp(t, made.session);
  app.write(KEYS.f1);
  const help = await app.waitForFrame((f) => f.includes('Help — keys and commands'), 'the help');
  for (const key of ['Ctrl-C', 'F1', 'Ctrl-T', 'Ctrl-R', 'PgUp', 'Tab', 'Shift-Tab', 'Ctrl-Left, Alt-B', 'Ctrl-Right, Alt-F', '/raw']) {
    t.true(help.includes(key), key);
  }
  t.true(help.includes('Esc, F1, q or Enter closes · Up/Down, PgUp/PgDn scroll'), help);
  app.write(KEYS.pageDown);
  await app.waitForFrame((f) => f.includes('/export FILE') && f.includes('Esc, F1, q or Enter closes this help'), 'the rest of the help');
  app.write(KEYS.esc);
  await app.waitForFrame((f) => !f.includes('Help — keys and commands'), 'the help to close');
  app.write(KEYS.f1);
  await app.waitForFrame((f) => f.includes('Help — keys and commands'), 'the help again');
  app.write(KEYS.enter);
  await app.waitForFrame((f) => !f.includes('Help — keys and commands'), 'Enter to close it');
  t.is(made.store.getState().composer.line.text, '', 'the Enter went to the help, not the input');
});

test.serial('a pane with one row left says "1 more row", and how to get there: Tab first, or once focused ↓ and PgDn', async (t) => {
  const made = await makeSession(t, { host: '127.0.0.1', port: 9 });
  const context = { session: made.session, theme: createTheme({}), frames: new FramePacer(made.store) };
  const rows = [{ text: 'first' }, { text: 'second' }, { text: 'third' }];
  const pane = (scroll: number, focused = false) => (
    <SessionContext.Provider value={context}>
      <ScrolledPane box={{ width: 40, height: 5 }} text={{ width: 38, height: 2 }} title="TLS" rows={rows} scroll={scroll} focused={focused} />
    </SessionContext.Provider>
  );
  t.true(renderTree(t, pane(0)).frame().includes('TLS · 1 more row (Tab, ↓)'));
  t.true(renderTree(t, pane(0)).frame().includes('second'));
  rows.push({ text: 'fourth' });
  t.true(renderTree(t, pane(0)).frame().includes('TLS · 2 more rows (Tab, ↓)'));
  t.true(renderTree(t, pane(0, true)).frame().includes('TLS · 2 more rows (↓, PgDn)'));
});

test.serial('Ctrl-R searches the history; Enter puts the match in the input', async (t) => {
  const made = await makeSession(t, { host: '127.0.0.1', port: 9 });
  made.history.add('MAIL FROM:<old@example.org>');
  made.history.add('RCPT TO:<x@example.org>');
  const app = renderApp(t, made.session);
  app.write(KEYS.ctrlR);
  app.write('mail');
  const found = await app.waitForFrame((f) => f.includes('search [1/1]'), 'the match');
  t.true(found.includes('→ MAIL FROM:<old@example.org>'));
  app.write(KEYS.enter);
  await app.waitForFrame((f) => f.includes('SMTP› MAIL FROM:<old@example.org>'), 'the recalled line');
});

test.serial('Up recalls history with the cursor at the end; Down brings back what was being typed', async (t) => {
  const made = await makeSession(t, { host: '127.0.0.1', port: 9 });
  made.history.add('EHLO first');
  made.history.add('EHLO second');
  const app = renderApp(t, made.session);
  app.write('draft');
  app.write(KEYS.up);
  t.deepEqual(made.store.getState().composer.line, { text: 'EHLO second', cursor: 11 });
  app.write(KEYS.up);
  t.is(made.store.getState().composer.line.text, 'EHLO first');
  app.write('\x1b[B\x1b[B');
  t.is(made.store.getState().composer.line.text, 'draft');
  await app.waitForFrame((f) => f.includes('SMTP› draft'), 'the draft back');
});

test.serial('a selected reply shows what its code means in words', async (t) => {
  const made = await builtinSession(t);
  const app = renderApp(t, made.session);
  app.write('MAIL FROM:<a@example.org>\r');
  await app.waitForFrame((f) => /503 |5\d\d /.test(f), 'the refusal');
  const explained = await app.waitForFrame((f) => f.includes('→'), 'an explanation of the refusal');
  t.regex(explained, /5\d\d 5\.\d\.\d+ — /);
  app.write(KEYS.tab);
  app.write(KEYS.up);
  app.write(KEYS.up);
  await app.waitForFrame((f) => f.includes('220 — '), 'the greeting explained');
});

test.serial('at 80x24 a cut explanation says so, and the keys it names (Tab, ↑, Enter) open it whole', async (t) => {
  const made = await builtinSession(t);
  const app = renderApp(t, made.session, { columns: 80, rows: 23 });
  app.write('EHLO client.test\r');
  await app.waitForFrame((f) => f.includes('250 SIZE'), 'the EHLO reply');
  made.session.type('AUTH PLAIN AHN0dWRlbnQAd29ya3Nob3A=\r');
  await app.waitForFrame((f) => f.includes('Send anyway? y/N'), 'the confirmation');
  app.write('y');
  const cut = await app.waitForFrame((f) => f.includes('503 5.5.1 — '), 'the 503 explained');
  const rows = cut.split('\n');
  t.regex(rows.at(-2) ?? '', /… Tab, ↑, Enter: all of it *$/, cut);
  app.write(KEYS.tab);
  app.write(KEYS.up);
  app.write(KEYS.enter);
  const whole = await app.waitForFrame((f) => f.includes('What to do:'), 'the whole explanation');
  t.true(whole.includes('AUTH must then appear in the new'), whole);
});

test.serial('PgUp scrolls back while typing; End follows the tail again', async (t) => {
  const made = await builtinSession(t);
  const app = renderApp(t, made.session, { columns: 100, rows: 16 });
  made.session.type('EHLO a\rNOOP\rNOOP\rNOOP\rNOOP\rNOOP\r');
  await waitForState(made.store, (s) => transcriptText(s).filter((line) => line.startsWith('<-  250 2.0.0')).length === 5, 'the NOOP replies');
  app.write('typed');
  app.write(KEYS.pageUp);
  const scrolled = await app.waitForFrame((f) => f.includes('newer below (End follows)'), 'the scroll indicator');
  t.true(scrolled.includes('SMTP› typed'));
  app.write('\x1b[F');
  await app.waitForFrame((f) => !f.includes('newer below'), 'following again');
});

test.serial('at 80x24 PgUp/PgDn page through the focused TLS pane, a page being its visible rows; the transcript stays', async (t) => {
  const made = await builtinSession(t);
  const app = renderApp(t, made.session, { columns: 80, rows: 23 });
  app.write('EHLO client.test\rSTARTTLS\r');
  await app.waitForFrame((f) => f.includes('ENCRYPTED — TLSv1.3'), 'the TLS pane');
  app.write(KEYS.tab);
  app.write(KEYS.tab);
  const { view } = made.store.getState();
  t.is(view.focus, 'tls');
  t.true(view.tlsRows >= 2 && view.tlsRows <= 4, `${view.tlsRows} rows`);
  app.write(KEYS.pageDown);
  app.write(KEYS.pageDown);
  t.is(made.store.getState().view.tlsScroll, 2 * view.tlsRows);
  app.write(KEYS.pageUp);
  t.is(made.store.getState().view.tlsScroll, view.tlsRows);
  t.true(made.store.getState().view.follow, 'the transcript still follows the tail');
  const frame = await app.waitForFrame((f) => f.includes('▶ TLS ·'), 'the focused pane');
  t.false(frame.includes('newer below'), frame);
  t.false(frame.includes('ENCRYPTED — TLSv1.3'), 'the TLS pane scrolled past its first row');
});

test.serial('Esc while waiting cancels the wait', async (t) => {
  const { startRawServer } = await import('../helpers/raw-server.js');
  const server = await startRawServer(async (peer) => {
    await peer.write('220 silent\r\n');
    await peer.readLine();
    await peer.readLine();
  });
  t.teardown(() => server.close());
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
  await made.session.connect();
  const app = renderApp(t, made.session);
  app.write('NOOP\r');
  await app.waitForFrame((f) => f.includes('waiting'), 'the countdown');
  app.write(KEYS.esc);
  await app.waitForFrame((f) => f.includes('wait cancelled'), 'the cancel notice');
  // The prompt no longer names SMTP: nothing typed now reaches a server.
  const closed = await app.waitForFrame((f) => f.includes('closed›'), 'the closed prompt');
  t.false(closed.includes('SMTP›'));
  await waitForState(made.store, hasLine(/cancelled by the user/), 'the transcript note');
});
