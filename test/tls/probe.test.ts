import test from 'ava';
import type { ExecutionContext } from 'ava';
import { constants } from 'node:crypto';
import net from 'node:net';
import { formatProbe, probeEntries, probeTls } from '../../src/core/tls-probe.js';
import type { ProbeResult } from '../../src/core/tls-probe.js';
import { generateCertificate } from '../../src/server/certs.js';
import { runCli } from '../helpers/cli.js';
import { startRawServer } from '../helpers/raw-server.js';
import { hasLine, makeSession, transcriptText, waitForState } from '../session/helpers.js';
import { startTlsSmtpServer } from './helpers/tls-smtp-server.js';
import type { TlsSmtpOptions, TlsSmtpServer } from './helpers/tls-smtp-server.js';

const LEGACY = 'DEFAULT:@SECLEVEL=0';

async function server(t: ExecutionContext, options: Partial<TlsSmtpOptions>, rsaBits?: number): Promise<TlsSmtpServer> {
  const cert = await generateCertificate(rsaBits ? { keyType: 'rsa', rsaBits } : {});
  const listening = await startTlsSmtpServer({ key: cert.keyPem, cert: cert.certPem, ...options });
  t.teardown(() => listening.close());
  return listening;
}

function probe(listening: TlsSmtpServer, implicit = false): Promise<ProbeResult> {
  return probeTls({ connection: { host: listening.host, port: listening.port, tlsOnConnect: implicit, tls: { servername: 'localhost' } } });
}

/** Handshakes the server finished: one client random each in its key log. */
const finished = (listening: TlsSmtpServer): number => new Set(listening.keylog.map((line) => line.split(' ')[1])).size;

/** The lines without the timing in the head line. */
function lines(result: ProbeResult): string[] {
  return formatProbe(result).slice(1);
}

test('a TLS 1.2-only server: one line per version, each refusal with its reason', async (t) => {
  const listening = await server(t, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
  const result = await probe(listening);
  const [v10, v11, v12, v13] = lines(result);
  t.is(v10, 'TLSv1   refused (alert protocol_version (70))');
  t.is(v11, 'TLSv1.1 refused (alert protocol_version (70))');
  t.regex(v12!, /^TLSv1\.2 accepted TLS_ECDHE_ECDSA_WITH_AES_(128|256)_GCM_SHA(256|384) \(x25519\)$/);
  t.is(v13, 'TLSv1.3 refused (alert protocol_version (70))');
  t.deepEqual(result.order.map((o) => o.version), ['TLSv1.2']);
  t.regex(formatProbe(result)[0]!, /^TLS probe of 127\.0\.0\.1:\d+ \(STARTTLS\), \d+ ms$/);
  t.true(result.ms < 5000, `${result.ms} ms`);
});

test('a TLS 1.0-only server at security level 0: TLSv1 accepted, everything newer refused', async (t) => {
  const listening = await server(t, { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: LEGACY }, 1024);
  const result = await probe(listening);
  t.deepEqual(
    result.versions.map((v) => [v.version, v.outcome]),
    [
      ['TLSv1', 'accepted'],
      ['TLSv1.1', 'refused'],
      ['TLSv1.2', 'refused'],
      ['TLSv1.3', 'refused'],
    ],
  );
  t.regex(lines(result)[0]!, /^TLSv1 {3}accepted TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA \(x25519\)$/);
  t.deepEqual(result.order, []);
});

test('an accepted TLSv1 or TLSv1.1 is flagged deprecated, in the words and with the mark a session uses', async (t) => {
  const listening = await server(t, { minVersion: 'TLSv1', maxVersion: 'TLSv1.2', ciphers: LEGACY }, 2048);
  const result = await probe(listening);
  t.deepEqual(
    result.versions.map((v) => [v.version, v.outcome, v.warning]),
    [
      ['TLSv1', 'accepted', 'TLSv1 is deprecated (RFC 8996)'],
      ['TLSv1.1', 'accepted', 'TLSv1.1 is deprecated (RFC 8996)'],
      ['TLSv1.2', 'accepted', undefined],
      ['TLSv1.3', 'refused', undefined],
    ],
  );
  const entries = probeEntries(result).slice(1, 7).map((e) => `${e.mark} ${e.text.replace(/ accepted .*| refused .*/, '')}`);
  t.deepEqual(entries, ['=== TLSv1  ', '=== TLSv1.1', '=== TLSv1.2', '=== TLSv1.3', '*** TLSv1 is deprecated (RFC 8996)', '*** TLSv1.1 is deprecated (RFC 8996)']);
});

test('a server that prefers ChaCha20 and enforces its order: the same choice whichever family comes first', async (t) => {
  const listening = await server(t, {
    honorCipherOrder: true,
    ciphers: [
      'TLS_CHACHA20_POLY1305_SHA256',
      'TLS_AES_256_GCM_SHA384',
      'TLS_AES_128_GCM_SHA256',
      'ECDHE-ECDSA-CHACHA20-POLY1305',
      'ECDHE-ECDSA-AES256-GCM-SHA384',
      'ECDHE-ECDSA-AES128-GCM-SHA256',
    ].join(':'),
  });
  const result = await probe(listening);
  const order = lines(result).slice(4);
  t.deepEqual(order, [
    'TLSv1.2 cipher order: AES-256-GCM first → TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, AES-128-GCM first → TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, ChaCha20 first → TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: the server enforces its own order and prefers ChaCha20-Poly1305',
    'TLSv1.3 cipher order: AES-256-GCM first → TLS_CHACHA20_POLY1305_SHA256, AES-128-GCM first → TLS_CHACHA20_POLY1305_SHA256, ChaCha20 first → TLS_CHACHA20_POLY1305_SHA256: the server enforces its own order and prefers ChaCha20-Poly1305',
  ]);
  t.deepEqual(result.order.map((o) => o.verdict), ['server order', 'server order']);
});

test("a server that follows the client's order picks whichever family came first", async (t) => {
  const listening = await server(t, { honorCipherOrder: false });
  const result = await probe(listening);
  t.deepEqual(
    result.order.map((o) => [o.version, o.verdict, o.aesFirst, o.chachaFirst]),
    [
      ['TLSv1.2', 'client order', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'],
      ['TLSv1.3', 'client order', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'],
    ],
  );
  // Within AES-GCM too: AES-128 listed first is what it gets.
  t.deepEqual(result.order.map((o) => o.aes128First), ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_AES_128_GCM_SHA256']);
  // The cost: TLSv1.2 and TLSv1.3 accepted, then three tries each for the order.
  t.is(finished(listening), 2 + 3 + 3);
});

/** AES-256-GCM first on the server's side, ChaCha20 between the AES suites: what a hardened Postfix or Exim list looks like. */
const AES_256_FIRST = [
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
].join(':');

test("a server order with ChaCha20 priority (PRIORITIZE_CHACHA) is told from the client's order: reordering AES-GCM changes nothing", async (t) => {
  const listening = await server(t, { honorCipherOrder: true, secureOptions: constants.SSL_OP_PRIORITIZE_CHACHA, ciphers: AES_256_FIRST });
  const result = await probe(listening);
  t.deepEqual(
    result.order.map((o) => [o.version, o.verdict, o.aesFirst, o.aes128First, o.chachaFirst]),
    [
      ['TLSv1.2', 'server order with ChaCha20 priority', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'],
      ['TLSv1.3', 'server order with ChaCha20 priority', 'TLS_AES_256_GCM_SHA384', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'],
    ],
  );
  t.is(
    lines(result)[5],
    'TLSv1.3 cipher order: AES-256-GCM first → TLS_AES_256_GCM_SHA384, AES-128-GCM first → TLS_AES_256_GCM_SHA384, ChaCha20 first → TLS_CHACHA20_POLY1305_SHA256: ' +
      "the server enforces its own order, AES-GCM first, but gives ChaCha20-Poly1305 to a client that lists it first (OpenSSL's PRIORITIZE_CHACHA): " +
      'phones without AES hardware do and get it, other clients get AES-GCM',
  );
  // A fourth try each, AES-128-GCM alone, shows the suite was passed over, not missing.
  t.is(finished(listening), 2 + 4 + 4);
});

test('the same list without ChaCha20 priority: its own order whichever family or AES-GCM suite the client lists first', async (t) => {
  const listening = await server(t, { honorCipherOrder: true, ciphers: AES_256_FIRST });
  const result = await probe(listening);
  t.deepEqual(
    result.order.map((o) => [o.verdict, o.aes128First, o.conclusion]),
    [
      ['server order', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'the server enforces its own order and prefers AES-GCM'],
      ['server order', 'TLS_AES_256_GCM_SHA384', 'the server enforces its own order and prefers AES-GCM'],
    ],
  );
});

test("one AES-GCM suite beside ChaCha20 in the client's order: unclear, not taken for either order", async (t) => {
  // With nothing to reorder inside AES-GCM, a ChaCha20-priority server would answer every try the same way.
  const listening = await server(t, { honorCipherOrder: false, maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305' });
  const result = await probe(listening);
  t.like(result.order[0], {
    version: 'TLSv1.2',
    verdict: 'unclear',
    conclusion: "the server takes the family the client lists first; with a single AES-GCM suite here, its own order with ChaCha20 priority and the client's order look the same",
  });
});

test('one suite to choose from (a single AES-GCM size, or ChaCha20-Poly1305 alone): no order is claimed, the line says so', async (t) => {
  const cannot = "with one suite to choose from, its order and the client's cannot be told apart";
  const aes = await server(t, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' });
  t.like((await probe(aes)).order[0], { version: 'TLSv1.2', verdict: 'one family only', conclusion: `the server only accepts a single AES-GCM suite here, no ChaCha20-Poly1305: ${cannot}` });
  // TLSv1.2 accepted; three tries, ChaCha20 alone, then the other AES-GCM size alone.
  t.is(finished(aes), 1 + 3);
  const chacha = await server(t, { minVersion: 'TLSv1.3', ciphers: 'TLS_CHACHA20_POLY1305_SHA256' });
  t.like((await probe(chacha)).order[0], { version: 'TLSv1.3', verdict: 'one family only', conclusion: `the server only accepts ChaCha20-Poly1305 here: ${cannot}` });
});

test('AES-GCM of both sizes and no ChaCha20: whose order wins still shows between the sizes', async (t) => {
  const aesOnly = 'ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256';
  const own = await probe(await server(t, { maxVersion: 'TLSv1.2', honorCipherOrder: true, ciphers: aesOnly }));
  t.like(own.order[0], { verdict: 'server order', conclusion: 'the server enforces its own order and prefers AES-256-GCM; it accepts no ChaCha20-Poly1305 here' });
  const client = await probe(await server(t, { maxVersion: 'TLSv1.2', honorCipherOrder: false, ciphers: aesOnly }));
  t.like(client.order[0], { verdict: 'client order', conclusion: "the server follows the client's order between AES-GCM suites; it accepts no ChaCha20-Poly1305 here" });
});

test('implicit TLS is probed as the session connects, from the first byte', async (t) => {
  const listening = await server(t, { implicit: true, minVersion: 'TLSv1.3' });
  const result = await probe(listening, true);
  t.false(result.starttls);
  t.deepEqual(result.versions.map((v) => v.outcome), ['refused', 'refused', 'refused', 'accepted']);
  t.regex(formatProbe(result)[0]!, /\(implicit TLS\)/);
});

test('--probe-tls alone: the lines and exit 0; with --json one document; in a script, before the transcript', async (t) => {
  const listening = await server(t, {});
  const target = `127.0.0.1:${listening.port}`;
  const text = await runCli(['--probe-tls', target, '--servername', 'localhost']);
  t.is(text.code, 0, text.stdout + text.stderr);
  const printed = text.stdout.trimEnd().split('\n');
  t.is(printed.length, 7);
  t.regex(printed[1]!, /^=== TLSv1 {3}refused \(alert protocol_version \(70\)\)$/);
  t.regex(printed[4]!, /^=== TLSv1\.3 accepted TLS_AES_256_GCM_SHA384 \(x25519\)$/);
  const json = await runCli(['--probe-tls', target, '--json']);
  const doc = JSON.parse(json.stdout) as { exitCode: number; probe: ProbeResult };
  t.is(doc.exitCode, 0);
  t.deepEqual(doc.probe.versions.map((v) => v.outcome), ['refused', 'refused', 'accepted', 'accepted']);
  const scripted = await runCli(['--script', '-', target, '--probe-tls', '--json'], { input: 'EHLO client.example\nQUIT\n' });
  const both = JSON.parse(scripted.stdout) as { exitCode: number; probe: ProbeResult; transcript: unknown[] };
  t.is(both.exitCode, 0);
  t.is(both.probe.versions.length, 4);
  t.true(both.transcript.length > 0);
});

test('--probe-tls exits 1 when STARTTLS is not offered and 2 when nothing answers', async (t) => {
  const plain = await server(t, { starttls: false });
  const refused = await runCli(['--probe-tls', `127.0.0.1:${plain.port}`]);
  t.is(refused.code, 1, refused.stdout);
  t.true(refused.stdout.includes('*** probe failed: STARTTLS was answered 502'), refused.stdout);
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const nothing = await runCli(['--probe-tls', `127.0.0.1:${port}`]);
  t.is(nothing.code, 2, nothing.stdout);
  t.regex(nothing.stdout, /\*\*\* probe failed: cannot connect to 127\.0\.0\.1/);
});

test('--probe-tls --tls-on-connect on a plaintext SMTP port: one line saying it is not TLS, no version refused, exit 2', async (t) => {
  const plain = await server(t, {});
  const target = `127.0.0.1:${plain.port}`;
  const text = await runCli(['--probe-tls', '--tls-on-connect', target]);
  t.is(text.code, 2, text.stdout);
  t.deepEqual(text.stdout.trimEnd().split('\n').slice(1), [
    '*** probe failed: the server answered with bytes that are not TLS: this port may expect STARTTLS (as 25 and 587 do): connect without --tls-on-connect',
  ]);
  const json = await runCli(['--probe-tls', '--tls-on-connect', target, '--json']);
  const doc = JSON.parse(json.stdout) as { exitCode: number; probe: ProbeResult };
  t.is(doc.exitCode, 2);
  t.like(doc.probe.failure, { connected: true, notTls: true });
  t.false(doc.probe.versions.some((v) => v.outcome === 'refused'), JSON.stringify(doc.probe.versions));
});

test('plaintext after the 220 to STARTTLS: the probe fails once, naming it, and claims no refusal', async (t) => {
  const liar = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.write('220 liar.example ESMTP\r\n');
    let upgraded = false;
    socket.on('data', (chunk: Buffer) => {
      // The ClientHello: answered in plaintext, as a server that never started TLS would.
      if (upgraded) return void socket.end('500 5.5.1 what is this\r\n');
      const line = chunk.toString('latin1');
      if (line.startsWith('EHLO')) socket.write('250-liar.example\r\n250 STARTTLS\r\n');
      else if (line.startsWith('STARTTLS')) {
        upgraded = true;
        socket.write('220 2.0.0 go ahead\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
  t.teardown(() => liar.close());
  const result = await probeTls({ connection: { host: '127.0.0.1', port: (liar.address() as net.AddressInfo).port } });
  t.deepEqual(lines(result), ['probe failed: the server answered with bytes that are not TLS: plaintext after its 220 to STARTTLS']);
  t.like(result.failure, { notTls: true });
  t.deepEqual(result.versions.map((v) => v.outcome), ['untested', 'untested', 'untested', 'untested']);
});

test('/probe tls of a server without STARTTLS: the failure is a *** line and the notice says it failed', async (t) => {
  const plain = await server(t, { starttls: false });
  const made = await makeSession(t, { host: plain.host, port: plain.port });
  await made.session.connect();
  await waitForState(made.store, hasLine(/^<- {2}220 /), 'the greeting');
  await made.session.runLocal({ name: 'probeTls' });
  const text = transcriptText(made.store.getState());
  t.true(text.includes('*** probe failed: STARTTLS was answered 502'), text.join('\n'));
  t.regex(made.store.getState().status.notice?.text ?? '', /^TLS probe of 127\.0\.0\.1:\d+ failed: STARTTLS was answered 502$/);
  t.is(made.store.getState().status.notice?.tone, 'problem');
});

/** Greets, offers STARTTLS, answers it with 220, and then says nothing to the ClientHello. */
async function silentAfterStartTls(t: ExecutionContext): Promise<number> {
  const silent = await startRawServer(async (peer) => {
    await peer.write('220 silent.example ESMTP\r\n');
    await peer.expectLine(/^EHLO /);
    await peer.write('250-silent.example\r\n250 STARTTLS\r\n');
    await peer.expectLine(/^STARTTLS$/);
    await peer.write('220 2.0.0 go ahead\r\n');
  });
  t.teardown(() => silent.close());
  return silent.port;
}

test('a handshake that never finishes is no refusal: one *** line, every version untested, exit 2', async (t) => {
  const port = await silentAfterStartTls(t);
  const text = await runCli(['--probe-tls', `127.0.0.1:${port}`, '--timeout', '1']);
  t.is(text.code, 2, text.stdout);
  t.deepEqual(text.stdout.trimEnd().split('\n').slice(1), [
    '*** probe failed: the server sent nothing back to the ClientHello within 1 s after its 220 to STARTTLS: no version could be tried (a longer --timeout waits more)',
  ]);
  const json = await runCli(['--probe-tls', `127.0.0.1:${port}`, '--timeout', '1', '--json']);
  const doc = JSON.parse(json.stdout) as { exitCode: number; probe: ProbeResult };
  t.is(doc.exitCode, 2);
  t.like(doc.probe.failure, { connected: true, stalled: true });
  t.deepEqual(doc.probe.versions.map((v) => v.outcome), ['untested', 'untested', 'untested', 'untested']);
});

test('a version whose handshake ran out of time beside answered ones is untested, not refused', (t) => {
  const result: ProbeResult = {
    target: '127.0.0.1:25',
    starttls: true,
    versions: [
      { version: 'TLSv1', outcome: 'untested', reason: 'the server sent nothing back to the ClientHello within 10 s after its 220 to STARTTLS', stalled: true, ms: 10_000 },
      { version: 'TLSv1.1', outcome: 'refused', reason: 'alert protocol_version (70)', ms: 3 },
      { version: 'TLSv1.2', outcome: 'accepted', suite: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', ms: 3 },
      { version: 'TLSv1.3', outcome: 'refused', reason: 'alert protocol_version (70)', ms: 3 },
    ],
    order: [],
    ms: 10_000,
  };
  t.is(lines(result)[0], 'TLSv1   untested (the server sent nothing back to the ClientHello within 10 s after its 220 to STARTTLS)');
});

test('--scenario strip-starttls --probe-tls: STARTTLS sent though the EHLO reply did not offer it is said, in a *** line and in --json', async (t) => {
  const unadvertised =
    "*** STARTTLS is not in the server's EHLO reply: the probe sent it anyway, which a client following RFC 3207 never does; such clients stay in plaintext here (a middlebox may have stripped the offer)";
  const text = await runCli(['--scenario', 'strip-starttls', '--probe-tls']);
  t.is(text.code, 0, text.stdout + text.stderr);
  const printed = text.stdout.trimEnd().split('\n');
  t.is(printed[1], unadvertised);
  t.regex(printed[4]!, /^=== TLSv1\.2 accepted /);
  const json = await runCli(['--scenario', 'strip-starttls', '--probe-tls', '--json']);
  t.like((JSON.parse(json.stdout) as { probe: ProbeResult }).probe, { starttls: true, starttlsAdvertised: false });
  // Where STARTTLS is offered, nothing is said.
  const offered = await runCli(['--scenario', 'default', '--probe-tls', '--json']);
  t.like((JSON.parse(offered.stdout) as { probe: ProbeResult }).probe, { starttlsAdvertised: true });
  // A refused STARTTLS that was never offered: both said.
  const plain = await server(t, { starttls: false });
  const refused = await runCli(['--probe-tls', `127.0.0.1:${plain.port}`]);
  t.deepEqual(refused.stdout.trimEnd().split('\n').slice(1), [unadvertised, '*** probe failed: STARTTLS was answered 502']);
});

test('a refused EHLO is not said to be a STARTTLS offer stripped: it lists nothing at all', async (t) => {
  const refusing = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
    for (let line = await peer.readLine(); line !== undefined; line = await peer.readLine()) {
      if (/^EHLO/i.test(line)) await peer.write('554 5.7.1 go away\r\n');
      else if (/^STARTTLS/i.test(line)) await peer.write('503 5.5.1 EHLO first\r\n');
      else await peer.write('250 ok\r\n');
    }
  });
  t.teardown(() => refusing.close());
  const result = await runCli(['--probe-tls', `127.0.0.1:${refusing.port}`, '--json']);
  const probe = (JSON.parse(result.stdout) as { probe: ProbeResult }).probe;
  t.is(probe.starttlsAdvertised, undefined, result.stdout);
  const text = await runCli(['--probe-tls', `127.0.0.1:${refusing.port}`]);
  t.false(text.stdout.includes("STARTTLS is not in the server's EHLO reply"), text.stdout);
});
