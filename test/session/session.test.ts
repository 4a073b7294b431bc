import test from 'ava';
import type { ExecutionContext } from 'ava';
import { X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { saslCramMd5, saslLoginPass, saslLoginUser, saslPlain, saslXoauth2 } from '../../src/core/sasl.js';
import { WORKSHOP_PASSWORD, WORKSHOP_USER } from '../../src/server/builtin.js';
import { startRawServer } from '../helpers/raw-server.js';
import type { RawPeer } from '../helpers/raw-server.js';
import { setLine } from '../../src/session/composer.js';
import type { SessionState } from '../../src/session/store.js';
import { BUILT_IN_TEMPLATES } from '../../src/session/templates.js';
import { infoRows } from '../../src/ui/info.js';
import type { Template } from '../../src/session/templates.js';
import { answerWhenAsked, builtinSession, hasLine, makeSession, transcriptText, typeAndWait, waitForState } from './helpers.js';
import type { TestSession } from './helpers.js';

/** Everything the session leaves behind that a secret could leak into: exports, history, the store, raw bytes. */
async function everyArtefact(made: TestSession): Promise<Record<string, string>> {
  for (const name of ['out.txt', 'out.md', 'out.json']) await made.session.runLocal({ name: 'export', file: join(made.dir, name) });
  await made.history.flush();
  const state = made.store.getState();
  return {
    'out.txt': await readFile(join(made.dir, 'out.txt'), 'utf8'),
    'out.md': await readFile(join(made.dir, 'out.md'), 'utf8'),
    'out.json': await readFile(join(made.dir, 'out.json'), 'utf8'),
    history: await readFile(join(made.dir, 'history'), 'utf8').catch(() => ''),
    store: JSON.stringify(state, (_key, value: unknown) => (value instanceof Buffer ? value.toString('latin1') : value)),
    'raw bytes': [...state.transcript.ring].map((entry) => entry.raw?.toString('latin1') ?? '').join('\n'),
  };
}

function assertNowhere(t: ExecutionContext, artefacts: Record<string, string>, secrets: string[]): void {
  for (const [name, text] of Object.entries(artefacts)) {
    for (const secret of secrets) t.false(text.includes(secret), `${name} holds ${secret}`);
  }
}

function template(name: string): Template {
  const found = BUILT_IN_TEMPLATES.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no template ${name}`);
  return found;
}

/** A raw server: greets, then answers each line with what `answer` says (undefined: stay silent). */
async function scriptedServer(t: ExecutionContext, answer: (line: string, peer: RawPeer) => string | undefined) {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 scripted ESMTP\r\n');
    for (let line = await peer.readLine(); line !== undefined; line = await peer.readLine()) {
      const reply = answer(line, peer);
      if (reply !== undefined) await peer.write(reply);
    }
  });
  t.teardown(() => server.close());
  return server;
}

test('STARTTLS: the store gets the TLS report, the capabilities and the pre-TLS ones for the diff', async (t) => {
  const made = await builtinSession(t);
  await typeAndWait(made, 'EHLO client.test\r', /^<- {2}250 /);
  await typeAndWait(made, 'STARTTLS\r', /TLS started/);
  const state = await typeAndWait(made, 'EHLO client.test\r', /^<~ {2}250 /);
  t.is(state.tls.report?.protocol, 'TLSv1.3');
  t.true(state.status.tls);
  t.true(state.caps.preTls?.starttls);
  t.deepEqual(state.caps.current?.auth, ['PLAIN', 'LOGIN']);
  t.is(state.status.phase, 'TLS', 'EHLO again after STARTTLS belongs to the TLS step');
});

test('lines typed ahead go out one at a time, each after the reply to the one before', async (t) => {
  const made = await builtinSession(t);
  made.session.type('EHLO client.test\rNOOP\rRSET\rNOOP\r');
  const state = await waitForState(made.store, (s) => transcriptText(s).filter((line) => line.startsWith('<-  250 ')).length === 4, 'four replies');
  const flow = transcriptText(state).filter((line) => /^( ->|<- {2}250 )/.test(line));
  t.deepEqual(
    flow.map((line) => line.slice(0, 8)),
    [' -> EHLO', '<-  250 ', ' -> NOOP', '<-  250 ', ' -> RSET', '<-  250 ', ' -> NOOP', '<-  250 '],
  );
  t.is(state.composer.queued, 0);
});

test('a pasted 200-line message in DATA reaches the server whole and in order, dot-stuffing and all', async (t) => {
  const made = await builtinSession(t, { vars: { from: 'a@example.org', to: 'b@example.org' } });
  const body = ['Subject: paste', '', ...Array.from({ length: 198 }, (_, i) => (i % 10 === 0 ? `.line ${i} starts with a dot` : `line ${i}`))];
  const received = new Promise((resolve) => made.server.onMessage(resolve));
  made.session.type(['EHLO client.test', 'MAIL FROM:<a@example.org>', 'RCPT TO:<b@example.org>', 'DATA', ...body, '.', ''].join('\r'));
  await received;
  const message = made.server.mailbox[0]!;
  t.is(message.raw.toString('utf8'), body.join('\r\n') + '\r\n');
  t.deepEqual(message.to, ['b@example.org']);
  await waitForState(made.store, hasLine(/250 2\.6\.0/), 'the end-of-data reply');
});

test('a paste of 20 lines updates the queued count with the batch, not once per line', async (t) => {
  const server = await scriptedServer(t, () => undefined);
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
  await made.session.connect();
  await waitForState(made.store, hasLine(/^<- {2}220 /), 'the greeting');
  let updates = 0;
  const unsubscribe = made.store.subscribe((state, previous) => {
    if (state.composer.queued !== previous.composer.queued) updates += 1;
  });
  made.session.type('NOOP\r'.repeat(20));
  await waitForState(made.store, (s) => s.composer.queued === 19, '19 lines queued');
  unsubscribe();
  t.true(updates <= 2, `${updates} updates of the queued count`);
});

test('a refused DATA stops the queued body: it never goes out as commands', async (t) => {
  const server = await scriptedServer(t, (line) => (line === 'DATA' ? '554 5.5.1 No valid recipients\r\n' : '250 ok\r\n'));
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
  await made.session.connect();
  made.session.type('DATA\rFrom: x\rRCPT TO:<not-a-command@example.org>\r.\r');
  const state = await waitForState(made.store, (s) => s.status.notice !== undefined, 'a notice');
  t.regex(state.status.notice!.text, /^3 queued lines not sent: DATA was answered 554/);
  t.false(server.peers[0]!.received.toString().includes('RCPT'));
});

test('the AUTH PLAIN template: confirmation over an unverified certificate, masked prompts, and the secret nowhere', async (t) => {
  const made = await builtinSession(t);
  await typeAndWait(made, 'EHLO client.test\rSTARTTLS\r', /TLS started/);
  await typeAndWait(made, 'EHLO client.test\r', /^<~ {2}250 /);
  made.session.applyTemplate(template('AUTH PLAIN'));
  await answerWhenAsked(made.store, made.session, 'confirm', false);
  await waitForState(made.store, (s) => s.status.notice?.text === 'AUTH not sent: not confirmed', 'the refusal noticed');
  made.session.applyTemplate(template('AUTH PLAIN'));
  const confirm = await waitForState(made.store, (s) => s.overlay.kind === 'confirm', 'the confirmation');
  t.regex(confirm.overlay.kind === 'confirm' ? confirm.overlay.question : '', /not verified \(self-signed\)/);
  made.session.questions.answer(true);
  await answerWhenAsked(made.store, made.session, 'prompt', WORKSHOP_USER);
  const secretPrompt = await waitForState(made.store, (s) => s.overlay.kind === 'prompt' && s.overlay.secret, 'the secret prompt');
  t.regex(secretPrompt.overlay.kind === 'prompt' ? secretPrompt.overlay.label : '', /password \(not shown, not stored\)/);
  made.session.questions.answer(WORKSHOP_PASSWORD);
  const state = await waitForState(made.store, hasLine(/235 2\.7\.0/), 'authentication');
  t.true(transcriptText(state).includes(' ~> AUTH PLAIN [redacted]'));
  t.is(state.overlay.kind, 'none');
  t.is(state.status.notice, undefined, 'the earlier refusal is not left standing');

  // The password itself is a word of the built-in server's banner, so here only its encodings are looked for.
  const artefacts = await everyArtefact(made);
  assertNowhere(t, artefacts, [saslPlain(WORKSHOP_USER, WORKSHOP_PASSWORD), Buffer.from(WORKSHOP_PASSWORD).toString('base64')]);
  t.true(artefacts['out.txt']?.includes('AUTH PLAIN [redacted]'));
});

test('AUTH LOGIN answers both 334s; lines sent while a 334 is pending are masked and never stored', async (t) => {
  const server = await scriptedServer(t, (line) => {
    if (line.startsWith('EHLO')) return '250-scripted\r\n250 AUTH LOGIN\r\n';
    if (line === 'AUTH LOGIN') return '334 VXNlcm5hbWU6\r\n';
    if (line === saslLoginUser('alice')) return '334 UGFzc3dvcmQ6\r\n';
    if (line === saslLoginPass('s3cret!')) return '235 2.7.0 ok\r\n';
    return '500 unexpected\r\n';
  });
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
  await made.session.connect();
  await typeAndWait(made, 'EHLO client.test\r', /250 AUTH LOGIN/);
  made.session.applyTemplate(template('AUTH LOGIN'));
  await answerWhenAsked(made.store, made.session, 'confirm', true);
  // An empty user is asked for again, saying why.
  await answerWhenAsked(made.store, made.session, 'prompt', '');
  const again = await waitForState(made.store, (s) => s.overlay.kind === 'prompt' && /cannot be empty/.test(s.overlay.label), 'the user asked again');
  t.is(again.overlay.kind === 'prompt' ? again.overlay.label : '', 'AUTH LOGIN: user (it cannot be empty)');
  // Esc is named once, by the line under the prompt.
  t.deepEqual(infoRows(again, 200).map((row) => row.text), ['AUTH LOGIN: user (it cannot be empty) — Enter to use, Esc to cancel']);
  await answerWhenAsked(made.store, made.session, 'prompt', 'alice');
  await answerWhenAsked(made.store, made.session, 'prompt', 's3cret!');
  const state = await waitForState(made.store, hasLine(/235 2\.7\.0/), 'authentication');
  const lines = transcriptText(state);
  t.deepEqual(lines.filter((line) => line.startsWith(' ->')), [' -> EHLO client.test', ' -> AUTH LOGIN', ' -> [redacted]', ' -> [redacted]']);
  await made.history.flush();
  t.deepEqual(made.history.entries, ['EHLO client.test']);
  assertNowhere(t, await everyArtefact(made), ['s3cret!', saslLoginPass('s3cret!'), saslLoginUser('alice')]);
});

test('AUTH typed with a tab or a leading blank, answered 334 by a lenient server: the lines after it are secrets too', async (t) => {
  const server = await scriptedServer(t, (line) => {
    if (/^\s*AUTH\s+LOGIN$/i.test(line)) return '334 VXNlcm5hbWU6\r\n';
    if (line === saslLoginUser('alice')) return '334 UGFzc3dvcmQ6\r\n';
    if (line === saslLoginPass('s3cret!')) return '235 2.7.0 ok\r\n';
    return '250 ok\r\n';
  });
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
  await made.session.connect();
  for (const auth of ['AUTH\tLOGIN', ' AUTH LOGIN']) {
    made.session.type(`${auth}\r`);
    // Over plaintext AUTH needs a yes, once per connection.
    if (auth === 'AUTH\tLOGIN') await answerWhenAsked(made.store, made.session, 'confirm', true);
    await waitForState(made.store, (s) => s.status.inAuth, 'the 334');
    made.session.type(`${saslLoginUser('alice')}\r${saslLoginPass('s3cret!')}\r`);
    await waitForState(made.store, (s) => transcriptText(s).filter((line) => line.startsWith('<-  235')).length === (auth === ' AUTH LOGIN' ? 2 : 1), 'authentication');
  }
  const sent = transcriptText(made.store.getState()).filter((line) => line.startsWith(' ->'));
  t.deepEqual(sent, [' -> AUTH\\tLOGIN', ' -> [redacted]', ' -> [redacted]', ' ->  AUTH LOGIN', ' -> [redacted]', ' -> [redacted]']);
  await made.history.flush();
  t.false(made.history.entries.some((entry) => entry.includes(saslLoginUser('alice')) || entry.includes(saslLoginPass('s3cret!'))));
  assertNowhere(t, await everyArtefact(made), [saslLoginPass('s3cret!'), saslLoginUser('alice')]);
});

test('AUTH typed by hand is shown as typed up to its secret: two spaces, a tab, lower case', async (t) => {
  const server = await scriptedServer(t, (line) => (/^\s*auth\s/i.test(line) ? '535 5.7.8 no\r\n' : '250 ok\r\n'));
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
  await made.session.connect();
  const secret = saslPlain('alice', 's3cret!');
  const refusals = (count: number) => (s: SessionState) => transcriptText(s).filter((line) => line.startsWith('<-  535')).length === count;
  made.session.type(`AUTH  PLAIN ${secret}\r`);
  await answerWhenAsked(made.store, made.session, 'confirm', true);
  await waitForState(made.store, refusals(1), 'the first refusal');
  // A refusal stops what was queued behind it: one line at a time.
  made.session.type(`auth plain\t${secret}\r`);
  await waitForState(made.store, refusals(2), 'the second refusal');
  made.session.type(`Auth  ${secret}\r`);
  await waitForState(made.store, refusals(3), 'the third refusal');
  const sent = transcriptText(made.store.getState()).filter((line) => line.startsWith(' ->'));
  t.deepEqual(sent, [' -> AUTH  PLAIN [redacted]', ' -> auth plain\\t[redacted]', ' -> Auth  [redacted]']);
  assertNowhere(t, await everyArtefact(made), [secret, 's3cret!']);
});

for (const mechanism of ['PLAIN', 'CRAM-MD5', 'XOAUTH2'] as const) {
  test(`the AUTH ${mechanism} template leaves the secret in no artefact`, async (t) => {
    const challenge = Buffer.from('<1896.697170952@scripted>').toString('base64');
    const expected = {
      PLAIN: saslPlain('alice', 'Tr0ub4dor&3'),
      'CRAM-MD5': saslCramMd5('alice', 'Tr0ub4dor&3', challenge),
      XOAUTH2: saslXoauth2('alice', 'Tr0ub4dor&3'),
    }[mechanism];
    const server = await scriptedServer(t, (line) => {
      if (line === 'AUTH CRAM-MD5') return `334 ${challenge}\r\n`;
      if (line === expected || line === `AUTH ${mechanism} ${expected}`) return '235 2.7.0 ok\r\n';
      return '250 ok\r\n';
    });
    const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
    await made.session.connect();
    made.session.applyTemplate(template(`AUTH ${mechanism}`));
    await answerWhenAsked(made.store, made.session, 'confirm', true);
    await answerWhenAsked(made.store, made.session, 'prompt', 'alice');
    await answerWhenAsked(made.store, made.session, 'prompt', 'Tr0ub4dor&3');
    await waitForState(made.store, hasLine(/235 2\.7\.0/), 'authentication');
    assertNowhere(t, await everyArtefact(made), ['Tr0ub4dor&3', expected, Buffer.from('Tr0ub4dor&3').toString('base64')]);
  });
}

test('typed AUTH over plaintext asks first; "no" sends nothing and drops what was queued behind it', async (t) => {
  const server = await scriptedServer(t, () => '250 ok\r\n');
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
  await made.session.connect();
  made.session.type('AUTH PLAIN AGFsaWNlAHMzY3JldA==\rNOOP\r');
  const asked = await waitForState(made.store, (s) => s.overlay.kind === 'confirm', 'the confirmation');
  t.regex(asked.overlay.kind === 'confirm' ? asked.overlay.question : '', /PLAINTEXT/);
  made.session.questions.answer(false);
  await waitForState(made.store, (s) => s.status.notice?.text.startsWith('AUTH not sent') === true, 'the refusal notice');
  await typeAndWait(made, 'RSET\r', /^<- {2}250 ok/);
  t.is(server.peers[0]!.received.toString(), 'RSET\r\n');
});

test('Esc while waiting gives up the wait: the connection closes and the UI says so', async (t) => {
  const server = await scriptedServer(t, () => undefined);
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
  await made.session.connect();
  made.session.type('NOOP\r');
  await waitForState(made.store, (s) => s.status.waiting?.verb === 'NOOP', 'the wait for the reply to NOOP');
  t.true(made.session.cancelWait());
  const state = await waitForState(made.store, (s) => s.status.phase === 'closed', 'the close');
  t.regex(state.status.notice?.text ?? '', /wait cancelled/);
  t.true(transcriptText(state).some((line) => /cancelled by the user/.test(line)));
  t.false(made.session.cancelWait());
});

test('quit sends QUIT, waits for 221 and ends the session', async (t) => {
  const made = await builtinSession(t);
  await made.session.quit();
  await made.session.finished;
  const lines = transcriptText(made.store.getState());
  t.true(lines.includes(' -> QUIT'));
  t.true(lines.some((line) => line.startsWith('<-  221 ')));
});

test('templates fill variables from /set; missing ones are left for the cursor', async (t) => {
  const made = await builtinSession(t);
  made.session.type('/set from me@example.org\r');
  t.is(made.store.getState().status.notice?.text, 'from=me@example.org');
  made.session.applyTemplate(template('MAIL FROM'));
  t.deepEqual(made.store.getState().composer.line, { text: 'MAIL FROM:<me@example.org>', cursor: 26 });
  made.session.applyTemplate(template('RCPT TO'));
  t.deepEqual(made.store.getState().composer.line, { text: 'RCPT TO:<>', cursor: 9 });
  t.regex(made.store.getState().status.notice?.text ?? '', /fill in to/);
});

test('the test-mail sequence goes step by step and delivers; without variables it refuses', async (t) => {
  const made = await builtinSession(t);
  made.session.applyTemplate(template('send a test mail'));
  t.regex(made.store.getState().status.notice?.text ?? '', /needs \/set from VALUE and \/set to VALUE/);
  made.session.type('/set from a@example.org\r/set to b@example.org\rEHLO client.test\r');
  await waitForState(made.store, hasLine(/^<- {2}250 /), 'EHLO');
  const received = new Promise((resolve) => made.server.onMessage(resolve));
  made.session.applyTemplate(template('send a test mail'));
  await received;
  const raw = made.server.mailbox[0]!.raw.toString();
  t.regex(raw, /^From: <a@example\.org>\r\nTo: <b@example\.org>\r\nSubject: smtp-explorer test message\r\nDate: .+\r\nMessage-ID: <.+@client\.test>\r\n\r\n/);
});

test('raw mode sends the exact bytes, escapes decoded, nothing added', async (t) => {
  const server = await scriptedServer(t, () => '250 ok\r\n');
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
  await made.session.connect();
  made.session.type('/raw\r');
  t.true(made.store.getState().composer.raw);
  made.session.type('NOOP\\r\\n\r');
  const state = await waitForState(made.store, hasLine(/^<- {2}250 ok/), 'the reply');
  t.is(server.peers[0]!.received.toString('latin1'), 'NOOP\r\n');
  t.true([...state.transcript.ring].some((entry) => entry.rawMode === true && entry.text === 'NOOP\\r\\n'));
  made.session.type('bad \\q\r');
  t.regex(made.store.getState().status.notice?.text ?? '', /raw mode: unknown escape \\q/);
  t.is(made.store.getState().composer.line.text, 'bad \\q');
});

test('raw mode refuses an AUTH line with a credential, alone or behind other lines: it would be shown as typed', async (t) => {
  const server = await scriptedServer(t, () => '250 ok\r\n');
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
  await made.session.connect();
  await waitForState(made.store, hasLine(/^<- {2}220 /), 'the greeting');
  made.session.type('/raw\r');
  const response = saslPlain('alice', 'Sw0rdf1sh');
  for (const typed of [`AUTH PLAIN ${response}\\r\\n`, `NOOP\\r\\n\\x41UTH PLAIN ${response}\\r\\n`]) {
    made.session.type(`${typed}\r`);
    await waitForState(made.store, (s) => /raw mode cannot send an AUTH line/.test(s.status.notice?.text ?? ''), 'the refusal');
  }
  made.session.type('NOOP\\r\\n\r');
  await waitForState(made.store, hasLine(/^<- {2}250 ok/), 'the reply to NOOP');
  t.is(server.peers[0]!.received.toString('latin1'), 'NOOP\r\n');
  assertNowhere(t, await everyArtefact(made), ['Sw0rdf1sh', response]);
});

test('a raw body ending in CRLF.CRLF waits for the end of DATA with its long deadline, so a slow 250 still ends DATA', async (t) => {
  let inData = false;
  // Silent in the body and at its end: the test answers the end itself, once it has seen the wait.
  const server = await scriptedServer(t, (line) => {
    if (inData) {
      inData = line !== '.';
      return undefined;
    }
    inData = line === 'DATA';
    return inData ? '354 go on\r\n' : '250 ok\r\n';
  });
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port, timeouts: { dataEnd: 90_000 } });
  await made.session.connect();
  await typeAndWait(made, 'DATA\r', /354 go on/);
  made.session.type('/raw\r');
  made.session.type('Subject: slow\\r\\n\\r\\nhi\\r\\n.\\r\\n\r');
  const { status } = await waitForState(made.store, (s) => s.status.waiting !== undefined, 'the wait for the end of DATA');
  t.is(status.waiting!.display, 'the end of DATA');
  t.is(status.waiting!.deadline - status.waiting!.startedAt, 90_000);
  await server.peers[0]!.write('250 queued\r\n');
  const after = await waitForState(made.store, (s) => hasLine(/250 queued/)(s) && !s.status.inData, 'the end of DATA');
  t.is(after.status.waiting, undefined);
});

test('a line typed while not connected is kept in the input, with a notice', async (t) => {
  const made = await makeSession(t, { host: '127.0.0.1', port: 9 });
  made.session.type('EHLO x\r');
  t.is(made.store.getState().composer.line.text, 'EHLO x');
  t.regex(made.store.getState().status.notice?.text ?? '', /not connected/);
});

test('/reconnect opens a new connection and says goodbye to the old one', async (t) => {
  const made = await builtinSession(t);
  made.session.type('/reconnect\r');
  const state = await waitForState(made.store, (s) => transcriptText(s).filter((line) => line.startsWith('<-  220 ')).length === 2, 'a second greeting');
  t.true(transcriptText(state).includes(' -> QUIT'));
  t.is(state.status.phase, 'greeting');
});

/** Resolves once the client has closed this connection. */
function gone(peer: RawPeer): Promise<void> {
  return new Promise((resolve) => (peer.socket.closed ? resolve() : peer.socket.once('close', () => resolve())));
}

test('two reconnects close together leave one connection: the one in between is closed, not orphaned', async (t) => {
  t.timeout(15_000, 'a connection was left open');
  const server = await scriptedServer(t, (line) => (line === 'QUIT' ? '221 bye\r\n' : '250 ok\r\n'));
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
  await made.session.connect();
  await waitForState(made.store, hasLine(/^<- {2}220 /), 'the greeting');
  await Promise.all([made.session.runLocal({ name: 'reconnect' }), made.session.runLocal({ name: 'reconnect' })]);
  await made.session.quit();
  await Promise.all(server.peers.map(gone));
  t.pass();
});

test('quit during a connect wins: no connection opens after it', async (t) => {
  const server = await scriptedServer(t, (line) => (line === 'QUIT' ? '221 bye\r\n' : '250 ok\r\n'));
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
  await made.session.connect();
  await waitForState(made.store, hasLine(/^<- {2}220 /), 'the greeting');
  await Promise.all([made.session.connect(), made.session.quit()]);
  t.is(server.peers.length, 1);
  await gone(server.peers[0]!);
});

test('/send-file streams a body after the 354; the transcript keeps a summary, typed lines wait for the end', async (t) => {
  const made = await builtinSession(t);
  const file = join(made.dir, 'body.eml');
  const lines = Array.from({ length: 20_000 }, (_, i) => (i % 100 === 0 ? `.dotted ${i}` : `line ${i} of a long message`));
  await writeFile(file, `Subject: big\r\n\r\n${lines.join('\n')}\n`);
  made.session.type('/send-file body.eml\r');
  t.regex(made.store.getState().status.notice?.text ?? '', /works in DATA/);
  await typeAndWait(made, 'EHLO client.test\rMAIL FROM:<a@example.org>\rRCPT TO:<b@example.org>\rDATA\r', /^<- {2}354 /);
  const received = new Promise((resolve) => made.server.onMessage(resolve));
  await made.session.runLocal({ name: 'sendFile', file });
  await received;
  const state = await typeAndWait(made, 'NOOP\r', /^<- {2}250 2\.0\.0/);
  t.is(made.server.mailbox[0]?.raw.toString(), `Subject: big\r\n\r\n${lines.join('\r\n')}\r\n`);
  const text = transcriptText(state);
  t.true(text.some((line) => /bytes of message body from .*body\.eml/.test(line)));
  t.false(text.some((line) => line.includes('line 5 of a long message')));
  t.true(text.indexOf(' -> NOOP') > text.findIndex((line) => line.startsWith('<-  250 2.6.0')));
});

test('/export-chain saves the PEM chain once TLS is up', async (t) => {
  const made = await builtinSession(t);
  const file = join(made.dir, 'chain.pem');
  await made.session.runLocal({ name: 'exportChain', file });
  t.regex(made.store.getState().status.notice?.text ?? '', /STARTTLS first/);
  await typeAndWait(made, 'EHLO client.test\rSTARTTLS\r', /TLS started/);
  await waitForState(made.store, (s) => s.tls.report !== undefined, 'the TLS report');
  await made.session.runLocal({ name: 'exportChain', file });
  const pem = await readFile(file, 'utf8');
  t.is(new X509Certificate(pem).subject, 'CN=localhost');
});

test('in a message body, a line that only looks like a command is body text; pasted, every line is as it was', async (t) => {
  const made = await builtinSession(t);
  const received = new Promise((resolve) => made.server.onMessage(resolve));
  made.session.type('EHLO c\rMAIL FROM:<a@example.org>\rRCPT TO:<b@example.org>\rDATA\r');
  await waitForState(made.store, (s) => s.status.inData, 'DATA');
  // Typed one at a time: // still sends one slash.
  for (const line of ['see /usr/share/doc', '/usr/share/doc is a path', '//two slashes']) made.session.type(`${line}\r`);
  // Pasted: the lines are the message's, /quit and // included.
  made.session.type('/quit\r//kept\r.\r');
  await received;
  t.is(made.server.mailbox[0]?.raw.toString(), 'see /usr/share/doc\r\n/usr/share/doc is a path\r\n/two slashes\r\n/quit\r\n//kept\r\n');
  t.is(made.store.getState().status.phase !== 'closed', true, 'the pasted /quit did not end the session');
});

test('a whole transaction pasted at once: the lines behind DATA are its body, / lines and all, before the 354 came', async (t) => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const server = await startRawServer(async (peer) => {
    await peer.write('220 scripted ESMTP\r\n');
    let body = false;
    for (let line = await peer.readLine(); line !== undefined; line = await peer.readLine()) {
      if (body && line !== '.') continue;
      body = line === 'DATA';
      if (body) await held;
      await peer.write(body ? '354 go ahead\r\n' : line === '.' ? '250 2.0.0 queued\r\n' : '250 ok\r\n');
    }
  });
  t.teardown(() => server.close());
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
  await made.session.connect();
  await waitForState(made.store, hasLine(/^<- {2}220 /), 'the greeting');
  made.session.type('MAIL FROM:<a@example.org>\rRCPT TO:<b@example.org>\rDATA\rSubject: paths\r\r/etc/passwd\r/set is a command\r//two slashes\r.\r');
  t.is(made.store.getState().composer.line.text, '', 'the whole paste was taken');
  release();
  await waitForState(made.store, hasLine(/^<- {2}250 2\.0\.0 queued/), 'the message accepted');
  const wire = server.peers[0]!.received.toString();
  t.true(wire.endsWith('DATA\r\nSubject: paths\r\n\r\n/etc/passwd\r\n/set is a command\r\n//two slashes\r\n.\r\n'), wire);
  t.is(made.store.getState().vars.is, undefined, '/set in the body was body text');
});

test('a /connect pasted behind queued lines would overtake them: it stays in the input, and nothing goes after it', async (t) => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const server = await scriptedServer(t, (line) => {
    if (line === 'NOOP') void held.then(() => server.peers[0]!.write('250 ok\r\n'));
    return line === 'NOOP' ? undefined : '250 ok\r\n';
  });
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
  await made.session.connect();
  made.session.type('NOOP\r/connect 127.0.0.1:1\rRSET\r');
  const state = made.store.getState();
  t.is(state.composer.line.text, '/connect 127.0.0.1:1');
  t.regex(state.status.notice?.text ?? '', /^\/connect would go ahead of lines still on their way: wait for their replies \(Esc gives up\) \(1 more pasted line not taken\)$/);
  release();
  await waitForState(made.store, hasLine(/^<- {2}250 ok/), 'the reply to NOOP');
  t.is(server.peers.length, 1, 'no new connection');
  t.false(server.peers[0]!.received.toString().includes('RSET'));
});

test('/quit right behind a line on its way: nothing of the queue goes out after QUIT', async (t) => {
  const server = await scriptedServer(t, (line) => (line === 'QUIT' ? '221 bye\r\n' : '250 ok\r\n'));
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
  await made.session.connect();
  await typeAndWait(made, 'EHLO a\r', /^<- {2}250 ok/);
  made.session.type('MAIL FROM:<a@example.org>\r/quit\r');
  await made.session.finished;
  const wire = server.peers[0]!.received.toString();
  t.false(wire.slice(wire.indexOf('QUIT')).includes('MAIL'), wire);
});

test('a line typed while /connect\'s old connection waits for its 221 goes to the new connection, after its greeting', async (t) => {
  const old = await startRawServer(async (peer) => {
    await peer.write('220 old\r\n');
    await peer.expectLine(/^QUIT/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await peer.write('221 bye\r\n');
  });
  t.teardown(() => old.close());
  const next = await scriptedServer(t, () => '250 ok\r\n');
  const made = await makeSession(t, { host: '127.0.0.1', port: old.port });
  await made.session.connect();
  await waitForState(made.store, hasLine(/^<- {2}220 old/), 'the old greeting');
  made.session.type(`/connect 127.0.0.1:${next.port}\r`);
  await waitForState(made.store, hasLine(/^ -> QUIT/), 'the QUIT to the old server');
  made.session.type('NOOP\r');
  await waitForState(made.store, hasLine(/^<- {2}250 ok/), 'the reply to NOOP from the new server');
  t.false(old.peers[0]!.received.toString().includes('NOOP'));
  t.true(next.peers[0]!.received.toString().startsWith('NOOP\r\n'));
});

test('STARTTLS answered 250 or DATA answered 250: what was queued for TLS or as the message is not sent', async (t) => {
  const server = await scriptedServer(t, (line) => (line === 'STARTTLS' ? '250 2.0.0 sure, go ahead\r\n' : line === 'DATA' ? '250 2.0.0 no data needed\r\n' : '250 ok\r\n'));
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
  await made.session.connect();
  made.session.type('STARTTLS\rMAIL FROM:<a@example.org>\rRCPT TO:<b@example.org>\r');
  let state = await waitForState(made.store, (s) => s.status.notice !== undefined, 'the notice');
  t.is(state.status.notice?.text, '2 queued lines not sent: STARTTLS was answered 250: TLS did not start, and what was queued for it would go in plaintext');
  made.session.type('DATA\rRSET\rMAIL FROM:<evil@example.org>\r');
  state = await waitForState(made.store, (s) => /^2 queued lines not sent: DATA/.test(s.status.notice?.text ?? ''), 'the second notice');
  t.is(state.status.notice?.text, '2 queued lines not sent: DATA was answered 250, not 354: what was queued as the message would go as commands');
  const wire = server.peers[0]!.received.toString();
  t.is(wire, 'STARTTLS\r\nDATA\r\n');
});

test('a greeting that refuses (554): lines typed before it are not sent; lines typed after it are', async (t) => {
  const server = await startRawServer(async (peer) => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    await peer.write('554-5.7.1 go away\r\n554 5.7.1 you are blocked\r\n');
    for (let line = await peer.readLine(); line !== undefined; line = await peer.readLine()) await peer.write('503 5.5.1 blocked\r\n');
  });
  t.teardown(() => server.close());
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
  void made.session.connect();
  await waitForState(made.store, hasLine(/^=== Connected to /), 'the TCP connection');
  made.session.type('EHLO early\rNOOP\r');
  const state = await waitForState(made.store, (s) => s.status.notice !== undefined, 'the notice');
  t.is(state.status.notice?.text, '2 queued lines not sent: the greeting was 554');
  made.session.type('EHLO anyway\r');
  await waitForState(made.store, hasLine(/^<- {2}503 /), 'the reply to the line typed after the greeting');
  t.is(server.peers[0]!.received.toString(), 'EHLO anyway\r\n');
});

test('nothing is sent before the greeting: a line typed while the server holds its 220 waits for it', async (t) => {
  const server = await startRawServer(async (peer) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const early = peer.received.length;
    await peer.write(`220 ${early} bytes came before this greeting\r\n`);
    for (let line = await peer.readLine(); line !== undefined; line = await peer.readLine()) await peer.write('250 ok\r\n');
  });
  t.teardown(() => server.close());
  const made = await makeSession(t, { host: '127.0.0.1', port: server.port });
  void made.session.connect();
  await waitForState(made.store, hasLine(/^=== Connected to /), 'the TCP connection');
  made.session.type('EHLO early\r');
  const state = await waitForState(made.store, hasLine(/^<- {2}250 ok/), 'the reply to EHLO');
  const lines = transcriptText(state);
  t.true(lines.includes('<-  220 0 bytes came before this greeting'), lines.join('\n'));
  t.true(lines.indexOf('<-  220 0 bytes came before this greeting') < lines.indexOf(' -> EHLO early'), lines.join('\n'));
});

test('a /connect or /export that cannot be done comes back to the input to be fixed, its error naming the file asked for', async (t) => {
  const made = await builtinSession(t);
  made.session.type('/connect 127.0.0.1:99999\r');
  t.is(made.store.getState().composer.line.text, '/connect 127.0.0.1:99999');
  t.is(made.store.getState().status.notice?.tone, 'problem');
  setLine(made.store, { text: '', cursor: 0 });
  const file = join(made.dir, 'missing', 'x.txt');
  made.session.type(`/export ${file}\r`);
  const state = await waitForState(made.store, (s) => s.composer.line.text === `/export ${file}`, 'the command back in the input');
  t.is(state.status.notice?.text, `export failed: no such directory: ${join(made.dir, 'missing')} (for ${file})`);
  setLine(made.store, { text: '', cursor: 0 });
  made.session.type(`/export ${made.dir}\r`);
  const directory = await waitForState(made.store, (s) => s.composer.line.text === `/export ${made.dir}`, 'the command back again');
  t.is(directory.status.notice?.text, `export failed: ${made.dir} is a directory`);
});

test('a pasted line that cannot go stays in the input, and the rest of the paste is not taken', async (t) => {
  const made = await makeSession(t, { host: '127.0.0.1', port: 9 });
  made.session.type('EHLO a\rMAIL FROM:<b@c>\rRCPT TO:<d@e>\r');
  const state = made.store.getState();
  t.is(state.composer.line.text, 'EHLO a');
  t.is(state.status.notice?.text, 'not connected: /reconnect, or /connect HOST[:PORT] (2 more pasted lines not taken)');
});
