/**
 * A server that leaves TLS in the middle of the session, as Exim does with its last 500 (too many unrecognized
 * commands) or 421: it writes plaintext under the TLS session and hangs up. That is no handshake failure and no
 * fault of the 220 to STARTTLS; the server ended it, and its words are the evidence.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import type net from 'node:net';
import { generateCertificate } from '../../src/server/certs.js';
import { startRawServer } from '../helpers/raw-server.js';
import type { RawPeer } from '../helpers/raw-server.js';
import { hasLine, makeSession, transcriptText, waitForState } from '../session/helpers.js';
import { assertInert, jsonOf, linesOf, recordAgainst, scriptAgainst, untilClosed } from './harness.js';
import type { Behaviour, Outcome } from './harness.js';
import { answerStartTls } from './peers.js';

const certificate = await generateCertificate();
const LAST_WORDS = '500 Too many unrecognized commands\r\n';
const SAID = '*** the server sent plaintext in the middle of the TLS session (not TLS records): 36 bytes: 500 Too many unrecognized commands\\r\\n';
const UNKNOWN = ['FOO1', 'FOO2', 'FOO3', 'FOO4'];

/** As Exim: three unknown commands answered over TLS, the fourth in plaintext on the TCP socket, then the close. */
async function tooManyUnknown(peer: RawPeer, tcp: net.Socket): Promise<void> {
  for (let n = 1; ; n++) {
    const line = await peer.readLine();
    if (line === undefined) return;
    if (n < UNKNOWN.length) {
      await peer.write('500 unrecognized command\r\n');
      continue;
    }
    tcp.end(LAST_WORDS);
    return;
  }
}

const afterStartTls: Behaviour = async (peer) => {
  await peer.write('220 peer\r\n');
  await peer.expectLine(/^EHLO/);
  await peer.write('250-peer\r\n250 STARTTLS\r\n');
  await peer.expectLine(/^STARTTLS/);
  const tcp = peer.socket;
  if ((await answerStartTls(peer, '220 go ahead\r\n', certificate)) instanceof Error) return;
  await peer.expectLine(/^EHLO/);
  await peer.write('250-peer\r\n250 SIZE 1000\r\n');
  await tooManyUnknown(peer, tcp);
};

const fromTheFirstByte: Behaviour = async (peer) => {
  const tcp = peer.socket;
  if ((await answerStartTls(peer, '', certificate)) instanceof Error) return;
  await peer.write('220 implicit\r\n');
  await peer.expectLine(/^EHLO/);
  await peer.write('250 implicit\r\n');
  await tooManyUnknown(peer, tcp);
};

const STARTTLS_SCRIPT = ['EHLO me', 'STARTTLS', 'EHLO me', ...UNKNOWN, 'QUIT', ''].join('\n');
const IMPLICIT_SCRIPT = ['EHLO me', ...UNKNOWN, 'QUIT', ''].join('\n');

function saysNothingOfAHandshake(t: ExecutionContext, text: string): void {
  t.false(/TLS failed|220 to STARTTLS|handshake/.test(text), text);
}

/** --json: exit 2, the plaintext told in words and kept as raw, then the server's close. */
function assertServerLeftTls(t: ExecutionContext, outcome: Outcome): void {
  t.is(outcome.code, 2, outcome.stdout);
  assertInert(t, outcome);
  const doc = jsonOf(outcome);
  t.is(doc.exitCode, 2);
  const said = doc.transcript.find((entry) => entry.text.startsWith('the server sent plaintext'));
  t.like(said, { mark: '***', text: SAID.slice(4) });
  t.is(Buffer.from(said?.raw ?? '', 'base64').toString('latin1'), LAST_WORDS);
  t.like(doc.transcript.at(-1), { mark: '***', text: 'Connection closed by the server.' });
  saysNothingOfAHandshake(t, doc.transcript.slice(-2).map((entry) => entry.text).join('\n'));
}

test('plaintext long after STARTTLS: the connection shows the bytes, keeps them, and names the server as closer', async (t) => {
  const { connection, events, lines, closed } = await recordAgainst(t, afterStartTls);
  await connection.open();
  await connection.submit('EHLO me');
  await connection.submit('STARTTLS');
  await connection.submit('EHLO me');
  for (const command of UNKNOWN.slice(0, -1)) t.is((await connection.submit(command))?.code, 500);
  const failed = await t.throwsAsync(connection.submit(UNKNOWN.at(-1)!));
  await closed;
  const shown = lines();
  t.deepEqual(shown.slice(-2), [SAID, '*** Connection closed by the server.'], shown.join('\n'));
  t.is(failed?.message, SAID.slice(4));
  saysNothingOfAHandshake(t, shown.slice(-2).join('\n'));
  const error = events.find((event) => event.type === 'error');
  t.deepEqual(error?.type === 'error' ? error.error.raw : undefined, Buffer.from(LAST_WORDS));
  t.like(events.at(-1), { type: 'closed', by: 'server', tls: true });
});

test('plaintext long after STARTTLS in script mode --json: readable text, the bytes as raw, exit 2', async (t) => {
  assertServerLeftTls(t, await scriptAgainst(afterStartTls, STARTTLS_SCRIPT, ['--keep-going', '--json']));
});

test('plaintext long after STARTTLS in script mode: the transcript ends with the 500 and the server closing', async (t) => {
  const outcome = await scriptAgainst(afterStartTls, STARTTLS_SCRIPT, ['--keep-going']);
  t.is(outcome.code, 2, outcome.stdout);
  const lines = linesOf(outcome);
  t.deepEqual(lines.slice(-4), [' ~> FOO4', SAID, '*** Connection closed by the server.', ''], outcome.stdout);
});

test('plaintext in the middle of implicit TLS (--tls-on-connect): the same words, the server closed, exit 2', async (t) => {
  const outcome = await scriptAgainst(fromTheFirstByte, IMPLICIT_SCRIPT, ['--tls-on-connect', '--keep-going', '--json']);
  t.true(jsonOf(outcome).transcript.some((entry) => entry.mark === '<~' && entry.text === '220 implicit'), outcome.stdout);
  assertServerLeftTls(t, outcome);
});

test('plaintext long after STARTTLS in the explorer: the transcript row and its evidence', async (t) => {
  const server = await startRawServer(afterStartTls);
  t.teardown(() => server.close());
  const { session, store } = await makeSession(t, { host: '127.0.0.1', port: server.port, timeouts: { command: 2000 } });
  void session.connect();
  await waitForState(store, hasLine(/^<- {2}220 peer$/), 'the greeting');
  session.type('EHLO me\r');
  await waitForState(store, (state) => state.caps.current?.starttls === true, 'the EHLO reply');
  session.type('STARTTLS\r');
  await waitForState(store, (state) => state.tls.report !== undefined, 'TLS');
  session.type('EHLO me\r');
  await waitForState(store, hasLine(/^<~ {2}250 SIZE 1000$/), 'the EHLO reply over TLS');
  for (const [n, command] of UNKNOWN.slice(0, -1).entries()) {
    session.type(`${command}\r`);
    await waitForState(store, (state) => transcriptText(state).filter((line) => line === '<~  500 unrecognized command').length === n + 1, `the 500 to ${command}`);
  }
  session.type(`${UNKNOWN.at(-1)!}\r`);
  const state = await waitForState(store, (s) => s.status.phase === 'closed', 'the close');
  const entries = [...state.transcript.ring];
  const said = entries.find((entry) => entry.text === SAID.slice(4));
  t.deepEqual(said?.raw, Buffer.from(LAST_WORDS), transcriptText(state).join('\n'));
  t.like(entries.at(-1), { mark: '***', text: 'Connection closed by the server.' });
});

const plaintextAfter220: Behaviour = async (peer) => {
  await peer.write('220 peer\r\n');
  await peer.expectLine(/^EHLO/);
  await peer.write('250-peer\r\n250 STARTTLS\r\n');
  await peer.expectLine(/^STARTTLS/);
  const hello = new Promise((resolve) => peer.socket.once('data', resolve));
  await peer.write('220 go ahead\r\n');
  await hello;
  await peer.write('250 this is not TLS\r\n');
  await untilClosed(peer);
};

test('plaintext right after the 220 to STARTTLS is still a failed handshake, refused by this side', async (t) => {
  const { connection, events, lines, closed } = await recordAgainst(t, plaintextAfter220);
  await connection.open();
  await connection.submit('EHLO me');
  await t.throwsAsync(connection.submit('STARTTLS'));
  await closed;
  t.deepEqual(lines().slice(-2), [
    '*** TLS failed: the server answered with bytes that are not TLS: plaintext after its 220 to STARTTLS',
    '=== Connection closed by the client.',
  ]);
  t.like(events.at(-1), { type: 'closed', by: 'client', tls: false });
});
