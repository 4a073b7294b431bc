import test from 'ava';
import type { Awaited } from '../../src/core/connection.js';
import { phaseAfterReply } from '../../src/session/phase.js';
import type { PhaseTrack } from '../../src/session/phase.js';
import type { Phase } from '../../src/session/store.js';

/** Replies in order from a fresh greeting; the phase after each. */
function walk(...steps: Array<[Awaited, number]>): Phase[] {
  let track: PhaseTrack = { phase: 'greeting', ready: 'greeting' };
  return steps.map(([verb, code]) => (track = phaseAfterReply(track, verb, code)).phase);
}

test('the phase follows greeting, EHLO, TLS, AUTH, MAIL, RCPT, DATA; an accepted message keeps DATA, not EHLO', (t) => {
  t.deepEqual(
    walk(['greeting', 220], ['EHLO', 250], ['STARTTLS', 220], ['EHLO', 250], ['AUTH', 334], ['auth-response', 235], ['MAIL', 250], ['RCPT', 250], ['DATA', 354], ['data-end', 250]),
    ['greeting', 'EHLO', 'TLS', 'TLS', 'AUTH', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'DATA'],
  );
});

test('a refusal leaves the phase where it was', (t) => {
  t.deepEqual(walk(['EHLO', 250], ['MAIL', 530], ['STARTTLS', 454], ['AUTH', 535], ['MAIL', 250], ['RCPT', 550], ['DATA', 554]), [
    'EHLO',
    'EHLO',
    'EHLO',
    'EHLO',
    'MAIL',
    'MAIL',
    'MAIL',
  ]);
});

test('a refused message ends the transaction as DATA too; the next MAIL starts over', (t) => {
  t.deepEqual(walk(['EHLO', 250], ['MAIL', 250], ['RCPT', 250], ['DATA', 354], ['data-end', 554], ['MAIL', 250]), ['EHLO', 'MAIL', 'RCPT', 'DATA', 'DATA', 'MAIL']);
});

test('RSET and EHLO in a transaction go back to where the session stood before it', (t) => {
  t.deepEqual(walk(['EHLO', 250], ['STARTTLS', 220], ['MAIL', 250], ['RSET', 250]), ['EHLO', 'TLS', 'MAIL', 'TLS']);
  t.deepEqual(walk(['EHLO', 250], ['auth-response', 235], ['MAIL', 250], ['RCPT', 250], ['EHLO', 250]), ['EHLO', 'AUTH', 'MAIL', 'RCPT', 'AUTH']);
  t.deepEqual(walk(['EHLO', 250], ['MAIL', 250], ['EHLO', 250], ['RSET', 250]), ['EHLO', 'MAIL', 'EHLO', 'EHLO']);
});

test('replies that change nothing: NOOP, VRFY, HELP, raw sends', (t) => {
  t.deepEqual(walk(['EHLO', 250], ['NOOP', 250], ['VRFY', 252], ['HELP', 214], ['raw', 250]), ['EHLO', 'EHLO', 'EHLO', 'EHLO', 'EHLO']);
});
