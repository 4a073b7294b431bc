/**
 * Item 1: terminal escapes in replies, EHLO keywords, 334 challenges, certificate fields and TLS error text are
 * shown escaped (kept as evidence, never stripped) and nothing raw reaches stdout or stderr.
 */
import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCa, generateCertificate } from '../../src/server/certs.js';
import { assertInert, jsonOf, recordAgainst, scriptAgainst } from './harness.js';
import type { Behaviour } from './harness.js';
import { PAYLOADS } from './payloads.js';
import { answerUntilQuit, upgradeWith } from './peers.js';

const CRLF = Buffer.from('\r\n');
const line = (prefix: string, bytes: Buffer): Buffer => Buffer.concat([Buffer.from(prefix), bytes, CRLF]);

/** The payload in the greeting, an EHLO keyword, a 334 challenge and the reply to the `*` that cancels it. */
const everywhere =
  (bytes: Buffer): Behaviour =>
  async (peer) => {
    await peer.write(line('220 ', bytes));
    await peer.expectLine(/^EHLO/);
    await peer.write(Buffer.concat([Buffer.from('250-peer\r\n'), line('250-X', bytes), Buffer.from('250 AUTH LOGIN\r\n')]));
    await peer.expectLine(/^AUTH LOGIN/);
    await peer.write(line('334 ', bytes));
    await peer.expectLine(/^\*$/);
    await peer.write(line('501 cancelled ', bytes));
    await answerUntilQuit(peer);
  };

for (const payload of PAYLOADS) {
  test(`${payload.name}: escaped in the greeting, an EHLO keyword, a 334 and an error reply`, async (t) => {
    const { connection, lines } = await recordAgainst(t, everywhere(payload.bytes));
    await connection.open();
    await connection.submit('EHLO me');
    await connection.submit('AUTH LOGIN');
    await connection.submit('*');
    const shown = lines();
    t.true(shown.includes(`<-  220 ${payload.shown}`), shown.join('\n'));
    t.true(shown.includes(`<-  250-X${payload.shown}`));
    t.true(shown.includes(`<-  334 ${payload.shown}`));
    t.true(shown.includes(`<-  501 cancelled ${payload.shown}`));
    t.true(shown.includes(' -> *'));
    t.false(shown.some((text) => /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/u.test(text)));
  });
}

const all = Buffer.concat(PAYLOADS.map((p) => p.bytes));
const SCRIPT = 'EHLO me\nAUTH LOGIN\n*\nQUIT\n';

test('script mode prints every payload escaped and nothing raw', async (t) => {
  const outcome = await scriptAgainst(everywhere(all), SCRIPT, ['--keep-going'], { process: true });
  assertInert(t, outcome);
  const shown = PAYLOADS.map((p) => p.shown).join('');
  t.true(outcome.stdout.includes(`<-  220 ${shown}\n`), outcome.stdout);
  t.true(outcome.stdout.includes(`<-  250-X${shown}\n`));
  t.true(outcome.stdout.includes(`<-  334 ${shown}\n`));
});

test('--json keeps the exact bytes as evidence and prints nothing raw', async (t) => {
  const outcome = await scriptAgainst(everywhere(all), SCRIPT, ['--keep-going', '--json']);
  assertInert(t, outcome);
  const doc = jsonOf(outcome);
  const challenge = doc.transcript.find((entry) => entry.code === 334)!;
  t.deepEqual(Buffer.from(challenge.raw!, 'base64'), Buffer.concat([Buffer.from('334 '), all]));
  t.is(challenge.text, `334 ${PAYLOADS.map((p) => p.shown).join('')}`);
  const capabilityLines = doc.capabilities.beforeTls!.list.map((capability) => capability.line);
  t.true(capabilityLines.some((text) => text.includes('\u202e\u2066')), 'the capability keeps its text, escaped only in the JSON spelling');
});

const HOSTILE_NAME = 'mail\x1b]0;pwned\x07\u202egnp.exe\u009b2J\x1b[6n';

test('certificate fields are escaped in the transcript and in --json', async (t) => {
  const certificate = await generateCertificate({ commonName: HOSTILE_NAME, altNames: ['evil\x1b[2J.example', '10.9.9.9'] });
  const script = 'EHLO me\nSTARTTLS\nEHLO me\nQUIT\n';
  const text = await scriptAgainst((peer) => upgradeWith(peer, certificate), script);
  t.is(text.code, 0, text.stdout);
  assertInert(t, text);
  t.regex(text.stdout, /=== certificate CN=mail\\1B\]0\\;pwned\\07<U\+202E>gnp\.exe<U\+009B>2J\\1B\[6n: /);
  const json = await scriptAgainst((peer) => upgradeWith(peer, certificate), script, ['--json']);
  assertInert(t, json);
  const report = jsonOf(json).tls as { chain: { subject: string }[] };
  t.regex(report.chain[0]!.subject, /pwned.*gnp\.exe/);
});

test('TLS error text naming a hostile certificate is escaped', async (t) => {
  const ca = await generateCa('hostile test CA');
  const certificate = await generateCertificate({ commonName: HOSTILE_NAME, altNames: ['10.9.9.9'], issuer: ca });
  const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca.certPem);
  // Node names the certificate's CN in its error when the host is a name the certificate lacks.
  const outcome = await scriptAgainst(
    (peer) => upgradeWith(peer, certificate),
    'EHLO me\nSTARTTLS\nEHLO me\n',
    ['-4', '--strict-tls', '--ca', caFile],
    { host: 'localhost' },
  );
  t.is(outcome.code, 2, outcome.stdout);
  assertInert(t, outcome);
  t.regex(outcome.stdout, /\n\*\*\* TLS failed: .*\n/);
  // Whether the error quotes the name or not, a quote is escaped.
  if (outcome.stdout.includes('pwned')) t.true(outcome.stdout.includes('mail\\x1b]0;pwned\\x07<U+202E>gnp.exe'), outcome.stdout);
});
