/**
 * Item 7 (core side): a 334 loop is flagged after a few rounds, `*` cancels an exchange and is shown as typed, and
 * script mode never lets its closing QUIT go out as the answer to a 334.
 */
import test from 'ava';
import { AUTH_ROUNDS_BEFORE_WARNING } from '../../src/core/connection.js';
import { assertInert, linesOf, recordAgainst, scriptAgainst } from './harness.js';
import type { Behaviour } from './harness.js';
import { acceptEverything } from './peers.js';

const LOOP_WARNING = /^\*\*\* the server has sent (\d+) 334 challenges in a row: a loop\? Send \* to cancel the exchange \(RFC 4954 §4\)$/;

/** Answers every line after the greeting with another challenge, `*` included. */
const challengeForever: Behaviour = async (peer) => {
  await peer.write('220 ready\r\n');
  while ((await peer.readLine()) !== undefined) await peer.write('334 UGFzc3dvcmQ6\r\n');
};

test(`a 334 loop is flagged once, after ${AUTH_ROUNDS_BEFORE_WARNING} rounds`, async (t) => {
  const { connection, lines } = await recordAgainst(t, challengeForever);
  await connection.open();
  await connection.submit('AUTH LOGIN');
  for (let round = 0; round < 6; round++) await connection.submit('c2VjcmV0');
  const shown = lines();
  const warnings = shown.filter((line) => LOOP_WARNING.test(line));
  t.deepEqual(warnings.map((line) => Number(LOOP_WARNING.exec(line)![1])), [AUTH_ROUNDS_BEFORE_WARNING + 1]);
  const at = shown.indexOf(warnings[0]!);
  t.deepEqual(shown.slice(at - 2, at), ['<-  334 UGFzc3dvcmQ6', '=== the challenge, decoded from base64: "Password:"'], 'right under the 334 it is about');
  t.true(connection.inAuth);
});

test('script mode: a 334 loop is flagged, cancelled with * at the end, and QUIT is never sent as an answer', async (t) => {
  const outcome = await scriptAgainst(challengeForever, 'AUTH LOGIN\nYQ==\nYg==\nYw==\nZA==\n');
  assertInert(t, outcome);
  const lines = linesOf(outcome);
  t.is(lines.filter((line) => LOOP_WARNING.test(line)).length, 1, outcome.stdout);
  t.is(lines.filter((line) => line === ' -> [redacted]').length, 4);
  t.true(lines.includes(' -> *'));
  t.false(outcome.received.toString().includes('QUIT'), 'the server still wants an answer: QUIT would have been one');
});

test('* cancels an exchange: shown as typed, and the next line is a command again', async (t) => {
  const { connection, lines } = await recordAgainst(t, acceptEverything);
  await connection.open();
  await connection.submit('AUTH LOGIN');
  t.true(connection.inAuth);
  t.is((await connection.submit('*'))!.code, 501);
  t.false(connection.inAuth);
  await connection.submit('NOOP');
  t.deepEqual(lines().slice(-4), [' -> *', '<-  501 5.7.0 cancelled', ' -> NOOP', '<-  250 ok']);
});

test('a script that ends inside an AUTH exchange cancels it before QUIT', async (t) => {
  const outcome = await scriptAgainst(acceptEverything, 'AUTH LOGIN\n');
  const exchanged = linesOf(outcome).filter((line) => /^( ->|<- )/.test(line));
  t.deepEqual(exchanged.slice(-6), [' -> AUTH LOGIN', '<-  334 ', ' -> *', '<-  501 5.7.0 cancelled', ' -> QUIT', '<-  221 bye']);
  t.false(exchanged.includes(' -> [redacted]'));
});
