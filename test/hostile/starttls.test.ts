/**
 * Items 2–4: STARTTLS response injection, fake successes after a refusal, and every way STARTTLS can be refused
 * or broken. Each time: a clear message, the state visibly plaintext or closed, and no silent fallback.
 */
import test from 'ava';
import { generateCertificate } from '../../src/server/certs.js';
import type { RawPeer } from '../helpers/raw-server.js';
import { assertInert, elapsedBetween, jsonOf, linesOf, recordAgainst, scriptAgainst, untilClosed } from './harness.js';
import type { Behaviour, Outcome } from './harness.js';
import { answerStartTls, answerUntilQuit } from './peers.js';

const certificate = await generateCertificate();
const SCRIPT = 'EHLO me\nSTARTTLS\nEHLO me\nQUIT\n';

/** Greets and answers EHLO; `starttls` says whether the EHLO reply offers it. */
async function toStartTls(peer: RawPeer, starttls = true): Promise<void> {
  await peer.write('220 peer\r\n');
  await peer.expectLine(/^EHLO/);
  await peer.write(starttls ? '250-peer\r\n250 STARTTLS\r\n' : '250-peer\r\n250 SIZE 1000\r\n');
  await peer.expectLine(/^STARTTLS/);
}

async function finishInTls(peer: RawPeer, reply: string): Promise<void> {
  await answerStartTls(peer, reply, certificate);
  await peer.expectLine(/^EHLO/);
  await peer.write('250-peer\r\n250 SIZE 1000\r\n');
  await answerUntilQuit(peer);
}

/** Answers STARTTLS with 220 and waits for the client's first TLS bytes (listening before writing, so none are missed). */
async function go(peer: RawPeer): Promise<void> {
  const hello = new Promise((resolve) => peer.socket.once('data', resolve));
  await peer.write('220 go ahead\r\n');
  await hello;
}

/** Whatever the client sent after its STARTTLS line. */
function afterStartTls(outcome: Outcome): Buffer {
  const at = outcome.received.indexOf('STARTTLS\r\n');
  return outcome.received.subarray(at + 'STARTTLS\r\n'.length);
}

const injectAfter220: Behaviour = async (peer) => {
  await toStartTls(peer);
  await finishInTls(peer, '220 Ready\r\n250-evil\r\n250 AUTH PLAIN\r\n');
};

const fragmentAfter220: Behaviour = async (peer) => {
  await toStartTls(peer);
  await finishInTls(peer, '220 Ready\r\n250 AUTH PLAI');
};

for (const [name, behaviour, evidence] of [
  ['three lines after the 220', injectAfter220, '250-evil\\r\\n250 AUTH PLAIN\\r\\n'],
  ['a CRLF-free fragment after the 220', fragmentAfter220, '250 AUTH PLAI'],
] as const) {
  test(`STARTTLS injection, ${name}: discarded, reported, never capabilities or replies`, async (t) => {
    const outcome = await scriptAgainst(behaviour, SCRIPT, ['--json']);
    t.is(outcome.code, 0, outcome.stdout);
    assertInert(t, outcome);
    const doc = jsonOf(outcome);
    const report = doc.transcript.find((entry) => entry.mark === '***' && entry.text.includes('possible injection'));
    t.truthy(report, outcome.stdout);
    t.true(report!.text.includes(evidence));
    t.false(doc.transcript.some((entry) => entry.code !== undefined && /evil|AUTH PLAI/.test(entry.text)));
    t.deepEqual(doc.capabilities.afterTls!.auth, []);
    t.false(doc.capabilities.afterTls!.list.some((capability) => /evil|AUTH/.test(capability.line)));
  });
}

const refuse =
  (reply: string, advertised = true): Behaviour =>
  async (peer) => {
    await toStartTls(peer, advertised);
    await peer.write(reply);
    await answerUntilQuit(peer);
  };

const FAKES = '454 4.7.0 TLS not available\r\n235 2.7.0 Authentication successful\r\n250 2.0.0 OK\r\n354 go ahead\r\n';

const refuseWithFakes: Behaviour = async (peer) => {
  await toStartTls(peer);
  await peer.write(FAKES);
  await peer.expectLine(/^MAIL/);
  await peer.write('250 2.1.0 sender ok\r\n');
  await peer.expectLine(/^DATA/);
  await peer.write('554 5.5.1 no valid recipients\r\n');
  await answerUntilQuit(peer);
};

test('fake 235/250/354 after a 454 answer nothing, not even later commands', async (t) => {
  const { connection, lines } = await recordAgainst(t, refuseWithFakes);
  await connection.open();
  await connection.submit('EHLO me');
  t.is((await connection.submit('STARTTLS'))!.code, 454);
  t.false(connection.tls);
  t.is((await connection.submit('MAIL FROM:<a@b.example>'))!.lines[0], '2.1.0 sender ok');
  t.is((await connection.submit('DATA'))!.code, 554);
  t.false(connection.inData);
  const shown = lines();
  for (const fake of ['235 2.7.0 Authentication successful', '250 2.0.0 OK', '354 go ahead']) t.true(shown.includes(`<** ${fake}`), fake);
  t.is(shown.filter((text) => text === '*** a reply nobody asked for: it answers no command').length, 3);
});

test('fake successes after a 454 in script mode: unsolicited, script stops, QUIT gets the real 221', async (t) => {
  const outcome = await scriptAgainst(refuse(FAKES), SCRIPT, ['--json']);
  t.is(outcome.code, 1);
  const doc = jsonOf(outcome);
  t.deepEqual(
    doc.transcript.filter((entry) => entry.mark === '<**').map((entry) => entry.code),
    [235, 250, 354],
  );
  t.is(doc.transcript.find((entry) => entry.code === 221)?.answers, 'QUIT');
  t.false(doc.transcript.some((entry) => entry.mark === '~>'));
});

interface BrokenCase {
  name: string;
  behaviour: Behaviour;
  exit: number;
  says: RegExp;
  closer: 'server' | 'client';
}

const closeAfter220: Behaviour = async (peer) => {
  await toStartTls(peer);
  await go(peer);
  peer.end();
};

const plaintextAfter220: Behaviour = async (peer) => {
  await toStartTls(peer);
  await go(peer);
  await peer.write('250 this is not TLS\r\n');
  await untilClosed(peer);
};

// A TLS 1.2 record: alert, fatal, protocol_version (70).
const PROTOCOL_VERSION_ALERT = Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]);

const alertAfter220: Behaviour = async (peer) => {
  await toStartTls(peer);
  await go(peer);
  await peer.write(PROTOCOL_VERSION_ALERT);
  peer.end();
};

const silentHandshake: Behaviour = async (peer) => {
  await toStartTls(peer);
  await peer.write('220 go ahead\r\n');
  await untilClosed(peer);
};

const broken: BrokenCase[] = [
  { name: 'not advertised, 502', behaviour: refuse('502 5.5.1 command not implemented\r\n', false), exit: 1, says: /STARTTLS did not start TLS/, closer: 'client' },
  { name: '501 syntax error', behaviour: refuse('501 5.5.4 syntax error\r\n'), exit: 1, says: /STARTTLS did not start TLS/, closer: 'client' },
  { name: '220 then close', behaviour: closeAfter220, exit: 2, says: /TLS failed: the server closed the connection during the TLS handshake/, closer: 'server' },
  { name: '220 then plaintext', behaviour: plaintextAfter220, exit: 2, says: /TLS failed: the server answered with bytes that are not TLS: plaintext after its 220 to STARTTLS$/, closer: 'client' },
  { name: 'a TLS alert', behaviour: alertAfter220, exit: 2, says: /TLS failed: the server sent the TLS alert protocol_version \(70\)/, closer: 'server' },
  { name: 'silence during the handshake', behaviour: silentHandshake, exit: 2, says: /TLS handshake did not finish within 0\.5 s/, closer: 'client' },
];

for (const { name, behaviour, exit, says, closer } of broken) {
  test(`STARTTLS ${name}: a clear message, exit ${exit}, nothing more in plaintext`, async (t) => {
    const outcome = await scriptAgainst(behaviour, SCRIPT, ['--timeout', '0.5']);
    const lines = linesOf(outcome);
    t.is(outcome.code, exit, outcome.stdout);
    t.true(lines.some((line) => line.startsWith('*** ') && says.test(line)), outcome.stdout);
    t.false(lines.some((line) => line.startsWith(' ~> ') || line.startsWith('<~  ')));
    // Who ended it: the server by an alert or a close; this side after QUIT, or when it refused what came or gave up.
    t.true(outcome.stdout.endsWith(`Connection closed by the ${closer}.\n`), outcome.stdout);
    assertInert(t, outcome);
    const after = afterStartTls(outcome);
    if (exit === 1) t.is(after.toString(), 'QUIT\r\n', 'only the polite QUIT follows a refusal');
    else t.true(after.length === 0 || after[0] === 0x16, 'only a TLS handshake follows the 220');
  });
}

test('an unadvertised STARTTLS is flagged before it is sent', async (t) => {
  const { connection, lines } = await recordAgainst(t, refuse('502 5.5.1 command not implemented\r\n', false));
  await connection.open();
  await connection.submit('EHLO me');
  await connection.submit('STARTTLS');
  const shown = lines();
  t.is(shown[shown.indexOf(' -> STARTTLS') - 1], '*** the server did not advertise STARTTLS in its EHLO reply');
});

test('silence during the handshake ends within the --timeout given', async (t) => {
  const outcome = await scriptAgainst(silentHandshake, SCRIPT, ['--timeout', '0.5', '--json']);
  t.is(outcome.code, 2);
  const waited = elapsedBetween(jsonOf(outcome), /^220 go ahead$/, /TLS handshake did not finish/);
  t.true(waited >= 450 && waited < 900, `${waited} ms`);
});

const floodAfter220: Behaviour = async (peer) => {
  await toStartTls(peer);
  await finishInTls(peer, `220 Ready\r\n${'250-injected\r\n'.repeat(300)}250 AUTH PLAIN\r\n`);
};

test('a long injection is shown in part and kept whole as evidence', async (t) => {
  const { connection, events, lines } = await recordAgainst(t, floodAfter220);
  await connection.open();
  await connection.submit('EHLO me');
  await connection.submit('STARTTLS');
  const discarded = events.find((event) => event.type === 'discarded');
  t.is(discarded?.raw.length, 14 * 300 + 16);
  const shown = lines().find((line) => line.includes('possible injection'))!;
  t.true(shown.endsWith(`… (3,704 more bytes not shown)`), shown.slice(-80));
  t.true(shown.length < 1000);
});
