/**
 * The session with the built-in server's scenario behind it (lesson, mailbox, hints), and the commands that teach:
 * /explain, /mailbox, /probe tls, /reconnect with TLS resumption; AUTH asked again when the reason changes.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmbedded } from '../../src/cli/embedded-server.js';
import type { Overlay, SessionState } from '../../src/session/store.js';
import { BUILT_IN_TEMPLATES } from '../../src/session/templates.js';
import { NO_WORKSHOP } from '../../src/session/workshop.js';
import { answerWhenAsked, builtinSession, hasLine, makeSession, transcriptText, typeAndWait, waitForState } from './helpers.js';
import type { TestSession } from './helpers.js';

async function scenarioSession(t: ExecutionContext, name: string, options: { hints?: boolean; lesson?: boolean } = {}): Promise<TestSession> {
  const embedded = await startEmbedded(name);
  t.teardown(() => embedded.close());
  const made = await makeSession(t, { host: embedded.target.host, port: embedded.target.port, timeouts: { command: 20_000 } }, {
    ...options,
    workshop: { scenario: embedded.scenario, server: embedded.server },
  });
  await made.session.connect();
  await waitForState(made.store, hasLine(/^<- {2}220 /), 'the greeting');
  return made;
}

function textOverlay(state: SessionState): Extract<Overlay, { kind: 'text' }> | undefined {
  return state.overlay.kind === 'text' ? state.overlay : undefined;
}

/** The greeting of the nth connection (not the 220 to STARTTLS). */
const greetings =
  (count: number) =>
  (state: SessionState): boolean =>
    transcriptText(state).filter((line) => /^<- {2}220 .*ESMTP/.test(line)).length === count;

const MESSAGE = 'EHLO client.test\rMAIL FROM:<a@example.org>\rRCPT TO:<b@example.org>\rDATA\rSubject: hi\r\rhello\r.\r';

test('the lesson: from the scenario, shown from the start when asked, /lesson toggles it; none without the built-in server', async (t) => {
  const made = await scenarioSession(t, 'require-tls', { lesson: true });
  t.is(made.session.lesson?.heading, 'Lesson: require-tls — MAIL before STARTTLS is refused with 530 5.7.0');
  t.true(made.session.lesson?.lines.includes('Try:'));
  t.true(made.store.getState().view.lesson);
  made.session.type('/lesson\r');
  t.false(made.store.getState().view.lesson);
  made.session.toggleLesson();
  t.true(made.store.getState().view.lesson);

  const plain = await builtinSession(t);
  t.is(plain.session.lesson, undefined);
  plain.session.type('/lesson\r');
  t.false(plain.store.getState().view.lesson);
  t.is(plain.store.getState().status.notice?.text, `/lesson: ${NO_WORKSHOP}`);
});

test('hints: a next step after each positive reply only when asked for', async (t) => {
  const hinted = await scenarioSession(t, 'default', { hints: true });
  t.regex(hinted.store.getState().status.nextStep ?? '', /^EHLO /);
  const quiet = await scenarioSession(t, 'default');
  await typeAndWait(quiet, 'EHLO client.test\r', /^<- {2}250 /);
  t.is(quiet.store.getState().status.nextStep, undefined);
});

test('hints: once the handshake after STARTTLS is done, the next step is EHLO, not the handshake', async (t) => {
  const hinted = await scenarioSession(t, 'default', { hints: true });
  await typeAndWait(hinted, 'EHLO client.test\r', /^<- {2}250 /);
  hinted.session.type('STARTTLS\r');
  const started = await waitForState(hinted.store, (state) => state.status.tls && state.status.nextStep !== undefined, 'TLS up, with a hint');
  t.regex(started.status.nextStep ?? '', /^EHLO again: TLS is up/);
});

test('/mailbox lists what the built-in server received, the status bar counts it, /mailbox N shows one', async (t) => {
  const made = await scenarioSession(t, 'default');
  t.is(made.store.getState().status.mailbox, 0);
  made.session.type('/mailbox\r');
  t.deepEqual(textOverlay(made.store.getState())?.lines, ['the mailbox is empty: send a message (MAIL FROM, RCPT TO, DATA) and look again']);

  await typeAndWait(made, MESSAGE, /^<- {2}250 .*queued/);
  const counted = await waitForState(made.store, (s) => s.status.mailbox === 1, 'the count');
  t.is(counted.status.phase, 'DATA', 'an accepted message leaves the phase at DATA, not EHLO');
  made.session.type('/mailbox\r');
  const list = textOverlay(made.store.getState());
  t.regex(list?.title ?? '', /1 message/);
  t.regex(list?.lines[0] ?? '', /^message 1 from <a@example\.org> to <b@example\.org> \(\d+ bytes; 127\.0\.0\.1, plaintext\)$/);
  made.session.type('/mailbox 1\r');
  const one = textOverlay(made.store.getState());
  t.deepEqual(one?.lines.slice(2), ['Subject: hi', '', 'hello']);
  made.session.type('/mailbox 7\r');
  t.is(made.store.getState().status.notice?.text, 'no message 7 (the mailbox holds 1-1)');

  const elsewhere = await builtinSession(t);
  elsewhere.session.type('/mailbox\r');
  t.is(elsewhere.store.getState().status.notice?.text, `/mailbox: ${NO_WORKSHOP}`);
  t.is(elsewhere.store.getState().status.mailbox, undefined);
});

test('/explain: codes, enhanced codes and pasted lines in an overlay; a bad request is a notice', async (t) => {
  const made = await makeSession(t, { host: '127.0.0.1', port: 9 });
  made.session.type('/explain 530 5.7.0 Must issue a STARTTLS command first\r');
  const lines = textOverlay(made.store.getState())?.lines ?? [];
  t.regex(lines[0] ?? '', /^530 5\.7\.0 — /);
  t.true(lines.some((line) => line.startsWith('What to do: ')));
  made.session.type('/explain 5.7.1\r');
  t.regex(textOverlay(made.store.getState())?.lines[0] ?? '', /^5\.7\.1 — /);
  made.session.type('/explain hello\r');
  t.regex(made.store.getState().status.notice?.text ?? '', /^\/explain: give a reply code/);
  made.session.type('/explain\r');
  t.regex(made.store.getState().status.notice?.text ?? '', /^usage: \/explain CODE/);
});

test('the 530 of require-tls, explained in full from its transcript line', async (t) => {
  const made = await scenarioSession(t, 'require-tls');
  const state = await typeAndWait(made, 'EHLO client.test\rMAIL FROM:<a@b.c>\r', /^<- {2}530 5\.7\.0 Must issue a STARTTLS command first$/);
  const entry = [...state.transcript.ring].find((candidate) => candidate.code === 530)!;
  made.session.explain(entry);
  const lines = textOverlay(made.store.getState())?.lines ?? [];
  t.regex(lines[0] ?? '', /^530 5\.7\.0 — /);
  t.true(lines.some((line) => /STARTTLS/.test(line)), lines.join('\n'));
});

test('AUTH asks again when the reason changes: a yes for plaintext does not cover an unverified certificate', async (t) => {
  const made = await builtinSession(t, { server: { authBeforeTls: true } });
  await typeAndWait(made, 'EHLO client.test\r', /^<- {2}250 /);
  made.session.type('AUTH PLAIN AHVzZXIAd3Jvbmc=\r');
  const plaintext = await waitForState(made.store, (s) => s.overlay.kind === 'confirm', 'the plaintext question');
  t.regex(plaintext.overlay.kind === 'confirm' ? plaintext.overlay.question : '', /PLAINTEXT/);
  made.session.questions.answer(true);
  await waitForState(made.store, hasLine(/^<- {2}535 /), 'the refusal');
  made.session.type('AUTH PLAIN AHVzZXIAd3Jvbmc=\r');
  await waitForState(made.store, (s) => transcriptText(s).filter((line) => line.startsWith('<-  535 ')).length === 2, 'the second refusal, not asked again');

  await typeAndWait(made, 'STARTTLS\r', /TLS started/);
  await typeAndWait(made, 'EHLO client.test\r', /^<~ {2}250 /);
  made.session.type('AUTH PLAIN AHVzZXIAd3Jvbmc=\r');
  const unverified = await waitForState(made.store, (s) => s.overlay.kind === 'confirm', 'the question about the certificate');
  t.regex(unverified.overlay.kind === 'confirm' ? unverified.overlay.question : '', /certificate is not verified/);
  made.session.questions.answer(true);
  await waitForState(made.store, hasLine(/^<~ {2}535 /), 'the refusal over TLS');
  made.session.type('AUTH PLAIN AHVzZXIAd3Jvbmc=\r');
  await waitForState(made.store, (s) => transcriptText(s).filter((line) => line.startsWith('<~  535 ')).length === 2, 'asked once for this reason');
});

test('/probe tls: progress, then one line per version and the cipher order in the transcript, exported too', async (t) => {
  const made = await builtinSession(t);
  const probing = made.session.runLocal({ name: 'probeTls' });
  t.regex(made.store.getState().status.notice?.text ?? '', /^probing TLS on 127\.0\.0\.1:\d+/);
  await probing;
  const text = transcriptText(made.store.getState());
  t.true(text.some((line) => /^=== TLS probe of 127\.0\.0\.1:\d+ \(STARTTLS\), \d+ ms$/.test(line)), text.join('\n'));
  t.true(text.includes('=== TLSv1.3 accepted TLS_AES_256_GCM_SHA384 (x25519)'), text.join('\n'));
  t.true(text.some((line) => /^=== TLSv1 {2,}refused/.test(line)));
  t.true(text.some((line) => /^=== TLSv1\.3 cipher order: /.test(line)));
  t.regex(made.store.getState().status.notice?.text ?? '', /done in/);
  await made.session.runLocal({ name: 'export', file: join(made.dir, 'probe.txt') });
  t.regex(await readFile(join(made.dir, 'probe.txt'), 'utf8'), /TLSv1\.3 accepted TLS_AES_256_GCM_SHA384/);
});

test('/reconnect offers the previous TLS session: the second STARTTLS resumes it, and the pane and transcript say so', async (t) => {
  const made = await builtinSession(t);
  await typeAndWait(made, 'EHLO client.test\rSTARTTLS\r', /TLS started/);
  // TLS 1.3 tickets come after the handshake: one round trip more makes sure one arrived.
  await typeAndWait(made, 'EHLO client.test\r', /^<~ {2}250 /);
  t.false(made.store.getState().tls.report?.resumption.offered);
  made.session.type('/reconnect\r');
  await waitForState(made.store, greetings(2), 'a second greeting');
  t.regex(made.store.getState().status.notice?.text ?? '', /previous TLS session offered/);
  const state = await typeAndWait(made, 'EHLO client.test\rSTARTTLS\r', /the previous session was (resumed|offered)/);
  t.true(state.tls.report?.resumption.offered);
  t.true(state.tls.report?.resumed, transcriptText(state).join('\n'));
  t.true(transcriptText(state).includes('=== the previous session was resumed'));
  await made.session.runLocal({ name: 'exportChain', file: join(made.dir, 'chain.pem') });
  t.is(made.store.getState().status.notice?.text, 'this resumed session brought no certificate (/connect to the same HOST:PORT starts afresh)');
});

test('/connect elsewhere does not offer the session of another server', async (t) => {
  const made = await builtinSession(t);
  const other = await builtinSession(t);
  await typeAndWait(made, 'EHLO client.test\rSTARTTLS\r', /TLS started/);
  await typeAndWait(made, 'EHLO client.test\r', /^<~ {2}250 /);
  made.session.type(`/connect 127.0.0.1:${other.server.port}\r`);
  await waitForState(made.store, greetings(2), 'the other greeting');
  const state = await typeAndWait(made, 'EHLO client.test\rSTARTTLS\r', /TLS started/);
  await waitForState(made.store, (s) => s.tls.report !== undefined, 'the report');
  t.false(made.store.getState().tls.report?.resumption.offered, transcriptText(state).join('\n'));
});

test('answering yes covers the AUTH template too, once per reason', async (t) => {
  const made = await builtinSession(t, { server: { authBeforeTls: true } });
  await typeAndWait(made, 'EHLO client.test\r', /^<- {2}250 /);
  made.session.type('AUTH PLAIN AHVzZXIAd3Jvbmc=\r');
  await answerWhenAsked(made.store, made.session, 'confirm', true);
  await waitForState(made.store, hasLine(/^<- {2}535 /), 'the refusal');
  made.session.applyTemplate(BUILT_IN_TEMPLATES.find((template) => template.name === 'AUTH PLAIN')!);
  const asked = await waitForState(made.store, (s) => s.overlay.kind === 'prompt', 'the user prompt, with no question first');
  t.is(asked.overlay.kind, 'prompt');
  made.session.questions.answer(undefined);
});
