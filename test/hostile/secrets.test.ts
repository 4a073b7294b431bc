/**
 * Item 9 (script mode): after AUTH PLAIN (with and without an initial response), AUTH LOGIN (two 334 rounds),
 * XOAUTH2 (with its error challenge) and `*` cancels, neither a password nor any base64 spelling of it appears
 * in stdout, stderr, --json (raw evidence included) or an error report.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { saslLoginPass, saslLoginUser, saslPlain, saslXoauth2 } from '../../src/core/sasl.js';
import { startBuiltinServer, WORKSHOP_BANNER, WORKSHOP_PASSWORD, WORKSHOP_USER } from '../../src/server/builtin.js';
import type { CliResult } from '../helpers/cli.js';
import { jsonOf, linesOf, scriptAgainst, scriptAt, untilClosed } from './harness.js';
import type { Behaviour } from './harness.js';
import { converse } from './peers.js';
import { ALICE_PASSWORD, base64Cores, everyMechanism, TOKEN } from './secret-peers.js';

/** Everything script mode wrote; in --json the raw evidence is decoded, so a secret cannot hide in base64. */
function artefacts(outcome: CliResult): string {
  if (!outcome.stdout.startsWith('{')) return `${outcome.stdout}\n${outcome.stderr}`;
  const doc = jsonOf(outcome);
  const transcript = doc.transcript.map((entry) => ({ ...entry, raw: entry.raw && Buffer.from(entry.raw, 'base64').toString('latin1') }));
  return `${JSON.stringify({ ...doc, transcript })}\n${outcome.stderr}`;
}

/** `allowed`: server text that happens to contain a secret, taken out before looking. */
function assertNoSecret(t: ExecutionContext, outcome: CliResult, secrets: string[], blobs: string[], allowed = ''): void {
  const text = allowed ? artefacts(outcome).replaceAll(allowed, '') : artefacts(outcome);
  for (const secret of secrets) {
    t.false(text.includes(secret), `the secret ${secret} leaked`);
    for (const core of base64Cores(secret)) t.false(text.includes(core), `base64 of ${secret} (…${core}…) leaked`);
  }
  for (const blob of blobs) t.false(text.includes(blob), `the response ${blob} leaked`);
}

const plain = saslPlain('alice', ALICE_PASSWORD);
const xoauth = saslXoauth2('alice@example.test', TOKEN);

const EVERY_MECHANISM = [
  'EHLO me',
  `AUTH PLAIN ${plain}`,
  'AUTH PLAIN',
  plain,
  'AUTH LOGIN',
  saslLoginUser('alice'),
  saslLoginPass(ALICE_PASSWORD),
  `AUTH XOAUTH2 ${xoauth}`,
  '',
  `AUTH XOAUTH2 ${xoauth}`,
  'AUTH LOGIN',
  saslLoginUser('alice'),
  '*',
  'QUIT',
  '',
].join('\n');

for (const json of [false, true]) {
  test(`PLAIN, LOGIN, XOAUTH2 and a * cancel leave no secret in ${json ? '--json' : 'the text transcript'}`, async (t) => {
    const outcome = await scriptAgainst(everyMechanism, EVERY_MECHANISM, ['--keep-going', ...(json ? ['--json'] : [])], { process: true });
    t.is(outcome.code, 1, outcome.stdout);
    assertNoSecret(t, outcome, [ALICE_PASSWORD, TOKEN], [plain, xoauth]);
    t.true(outcome.received.includes(`AUTH PLAIN ${plain}\r\n`) && outcome.received.includes(`${saslLoginPass(ALICE_PASSWORD)}\r\n`), 'the secrets were sent');
    const shown = json ? jsonOf(outcome).transcript.map((entry) => entry.text) : linesOf(outcome).map((line) => line.slice(4));
    t.is(shown.filter((text) => text === 'AUTH PLAIN [redacted]').length, 1);
    t.is(shown.filter((text) => text === 'AUTH XOAUTH2 [redacted]').length, 2);
    t.is(shown.filter((text) => text === '[redacted]').length, 5);
    t.true(shown.includes('*'));
  });
}

const workshopLogin = [
  'EHLO me',
  'STARTTLS',
  'EHLO me',
  'AUTH LOGIN',
  saslLoginUser(WORKSHOP_USER),
  '*',
  'AUTH LOGIN',
  saslLoginUser(WORKSHOP_USER),
  saslLoginPass(WORKSHOP_PASSWORD),
  'QUIT',
  '',
].join('\n');

for (const json of [false, true]) {
  test(`the built-in server: LOGIN cancelled then accepted leaves no secret in ${json ? '--json' : 'the text transcript'}`, async (t) => {
    const server = await startBuiltinServer({ port: 0 });
    t.teardown(() => server.close());
    const outcome = await scriptAt(`127.0.0.1:${server.port}`, workshopLogin, ['--keep-going', ...(json ? ['--json'] : [])]);
    t.is(outcome.code, 1, outcome.stdout);
    t.regex(outcome.stdout, /235 .*Authentication successful/);
    // The workshop password is also a word of the server's banner: the banner is the server's text, not a leak.
    assertNoSecret(t, outcome, [WORKSHOP_PASSWORD], [], WORKSHOP_BANNER);
  });
}

const silentAfterPassword: Behaviour = async (peer) => {
  await converse([
    [/^AUTH LOGIN$/, '334 VXNlcm5hbWU6\r\n'],
    [/^\S+$/, '334 UGFzc3dvcmQ6\r\n'],
  ])(peer);
  await peer.readLine();
  await untilClosed(peer);
};

const closeAfterPlain: Behaviour = async (peer) => {
  await peer.write('220 ready\r\n');
  await peer.readLine();
  peer.end();
};

test('error reports name the redacted line, never the secret', async (t) => {
  const timedOut = await scriptAgainst(silentAfterPassword, `AUTH LOGIN\nYWxpY2U=\n${saslLoginPass(ALICE_PASSWORD)}\n`, ['--timeout', '0.4', '--json']);
  t.is(timedOut.code, 2);
  t.true(jsonOf(timedOut).transcript.some((entry) => entry.text === 'no complete reply to [redacted] within 0.4 s'), timedOut.stdout);
  assertNoSecret(t, timedOut, [ALICE_PASSWORD], []);
  const closed = await scriptAgainst(closeAfterPlain, `AUTH PLAIN ${plain}\n`);
  t.is(closed.code, 2);
  t.true(linesOf(closed).includes('*** the server closed the connection while waiting for the reply to AUTH PLAIN [redacted]'), closed.stdout);
  assertNoSecret(t, closed, [ALICE_PASSWORD], [plain]);
});
