/**
 * Issue 4, item 7 in a real terminal: AUTH typed over plaintext, and over TLS with an unverified certificate, asks
 * first, and declining sends nothing; a server that answers every response with another 334 is flagged as a loop
 * after the fourth challenge, and `*` (shown as typed) ends the exchange.
 */
import test from 'ava';
import { AUTH_ROUNDS_BEFORE_WARNING } from '../../src/core/connection.js';
import { generateCertificate } from '../../src/server/certs.js';
import type { Behaviour } from '../hostile/harness.js';
import { answerStartTls } from '../hostile/peers.js';
import { hasTmux } from './tmux.js';
import { assertIntact, assertOnlyOwnEscapes, explore, infoText, inputRow, transcriptLines } from './hostile-kit.js';
import type { Explorer } from './hostile-kit.js';

const tmuxTest = (await hasTmux()) ? test.serial : test.skip;
const certificate = await generateCertificate();
const RESPONSE = 'c2VjcmV0';
const CHALLENGE = '<~  334 UGFzc3dvcmQ6';

/** Offers AUTH and STARTTLS (a self-signed certificate); over TLS every AUTH line but `*` gets another 334. */
const challengeForever: Behaviour = async (peer) => {
  await peer.write('220 ready\r\n');
  await peer.expectLine(/^EHLO/);
  await peer.write('250-peer\r\n250-AUTH LOGIN PLAIN\r\n250 STARTTLS\r\n');
  await peer.expectLine(/^STARTTLS$/);
  if ((await answerStartTls(peer, '220 go ahead\r\n', certificate)) instanceof Error) return;
  await peer.expectLine(/^EHLO/);
  await peer.write('250-peer\r\n250 AUTH LOGIN PLAIN\r\n');
  for (let line = await peer.readLine(); line !== undefined; line = await peer.readLine()) {
    await peer.write(line === '*' ? '501 5.7.0 cancelled\r\n' : '334 UGFzc3dvcmQ6\r\n');
  }
};

/** Types AUTH LOGIN, expects the question `why`, and says no: nothing may reach the server. */
async function declineAuth(explorer: Explorer, why: RegExp): Promise<string> {
  await explorer.send('AUTH LOGIN');
  const screen = await explorer.waitForText('Send anyway? y/N');
  if (!why.test(infoText(screen))) throw new Error(`expected ${why}, the question was: ${infoText(screen)}`);
  await explorer.tmux.type('n');
  return explorer.waitForText('AUTH not sent: not confirmed');
}

tmuxTest('AUTH asks first over plaintext and an unverified certificate; a 334 loop is flagged and * ends it', async (t) => {
  const { explorer, server } = await explore(t, challengeForever);
  const received = (): string => server.peers[0]!.received.toString('latin1');
  await explorer.waitForText('<-  220 ready');
  await explorer.send('EHLO client.test');
  await explorer.waitForText('<-  250 STARTTLS');
  await declineAuth(explorer, /^Send AUTH\? the connection is PLAINTEXT: anyone on the path can read the credentials/);
  t.false(received().includes('AUTH'), 'declined over plaintext: nothing sent');

  await explorer.send('STARTTLS');
  await explorer.waitForText('ENCRYPTED');
  await explorer.send('EHLO client.test');
  await explorer.waitForText('<~  250 AUTH LOGIN PLAIN');
  let screen = await declineAuth(explorer, /^Send AUTH\? the certificate is not verified \(self-signed\)/);
  t.false(received().includes('AUTH'), 'declined over an unverified certificate: nothing sent');
  await assertIntact(t, explorer, screen);

  await explorer.send('AUTH LOGIN');
  await explorer.waitForText('Send anyway? y/N');
  await explorer.tmux.type('y');
  await explorer.waitForText(CHALLENGE);
  for (let round = 1; round <= AUTH_ROUNDS_BEFORE_WARNING; round++) {
    await explorer.tmux.type(RESPONSE);
    screen = await explorer.waitFor((text) => inputRow(text).text === '•'.repeat(RESPONSE.length), 'the response, masked as it is typed');
    t.is(inputRow(screen).label, 'AUTH›');
    await explorer.tmux.keys('Enter');
    await explorer.waitFor((text) => transcriptLines(text).filter((line) => line === CHALLENGE).length === round + 1, `challenge ${round + 1}`);
  }
  screen = await explorer.waitForText('a loop?');
  const lines = transcriptLines(screen);
  const warning = lines.findIndex((line) => line.includes('a loop?'));
  t.is(lines[warning], `*** the server has sent ${AUTH_ROUNDS_BEFORE_WARNING + 1} 334 challenges in a row: a loop? Send * to cancel the exchange (RFC 4954 §4)`);
  t.deepEqual(lines.slice(warning - 2, warning), [CHALLENGE, '=== the challenge, decoded from base64: "Password:"'], 'right under the fourth challenge');
  t.is(lines.filter((line) => line === ' ~> [redacted]').length, AUTH_ROUNDS_BEFORE_WARNING);

  await explorer.send('*');
  screen = await explorer.waitForText('<~  501 5.7.0 cancelled');
  t.deepEqual(transcriptLines(screen).slice(-2), [' ~> *', '<~  501 5.7.0 cancelled'], 'the * is shown as typed');
  t.is(inputRow(screen).label, 'SMTP/TLS›', 'the exchange is over');
  t.false(screen.includes(RESPONSE), 'the responses never on screen');
  await assertIntact(t, explorer, screen);
  await assertOnlyOwnEscapes(t, explorer);
});
