import test from 'ava';
import type { ExecutionContext } from 'ava';
import { SmtpError } from '../../src/core/errors.js';
import type { HandshakeStep } from '../../src/core/tls-handshake.js';
import { timelineLines } from '../../src/core/tls-lines.js';
import type { TlsSettings } from '../../src/core/tls-settings.js';
import { generateCertificate } from '../../src/server/certs.js';
import { record } from '../helpers/session.js';
import { finish, optionsFor, secure } from './helpers/connect.js';
import type { Secured } from './helpers/connect.js';
import { startTlsSmtpServer } from './helpers/tls-smtp-server.js';
import type { TlsSmtpOptions, TlsSmtpServer } from './helpers/tls-smtp-server.js';

async function server(t: ExecutionContext, options: Partial<TlsSmtpOptions> = {}): Promise<TlsSmtpServer> {
  const cert = await generateCertificate();
  const listening = await startTlsSmtpServer({ key: cert.keyPem, cert: cert.certPem, ...options });
  t.teardown(() => listening.close());
  return listening;
}

async function session(t: ExecutionContext, options: Partial<TlsSmtpOptions> = {}, client: TlsSettings = {}): Promise<Secured> {
  const secured = await secure(await server(t, options), client);
  t.teardown(() => finish(secured));
  return secured;
}

const named = (steps: HandshakeStep[], from: 'client' | 'server') =>
  steps.filter((s) => s.from === from && s.name !== 'ChangeCipherSpec').map((s) => `${s.name}/${s.seen}`);

test('TLS 1.3: offered and chosen side by side, the encrypted handshake read back with the key log', async (t) => {
  const { report } = await session(t);
  const handshake = report.handshake!;
  t.deepEqual(handshake.offered!.versions, ['TLSv1.3', 'TLSv1.2']);
  t.true(handshake.offered!.suites.includes('TLS_CHACHA20_POLY1305_SHA256'));
  t.true(handshake.offered!.suites.includes('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'));
  t.false(handshake.offered!.suites.some((s) => s.startsWith('GREASE') || s.startsWith('0x')));
  t.is(handshake.offered!.serverName, 'localhost');
  t.true(handshake.offered!.ocspRequested);
  t.like(handshake.chosen, { version: 'TLSv1.3', suite: report.cipher.standardName, group: 'x25519', signatureScheme: 'ecdsa_secp256r1_sha256' });
  t.deepEqual(named(handshake.steps, 'server'), [
    'ServerHello/clear',
    'EncryptedExtensions/decrypted',
    'Certificate/decrypted',
    'CertificateVerify/decrypted',
    'Finished/decrypted',
  ]);
  t.deepEqual(named(handshake.steps, 'client'), ['ClientHello/clear', 'Finished/decrypted']);
  t.false(handshake.hidden);
  t.is(handshake.serverCertificates, 1);
  t.deepEqual(report.clientCertificate, { requested: false, caNames: [], configured: false, sent: false });
  const steps = handshake.steps.map((s) => s.at);
  t.deepEqual(steps, [...steps].sort((a, b) => a - b));
});

test('TLS 1.2: Certificate and ServerKeyExchange in clear, the group and signature named, then only Finished is hidden', async (t) => {
  const { report, lines } = await session(t, { maxVersion: 'TLSv1.2' });
  const handshake = report.handshake!;
  t.deepEqual(named(handshake.steps, 'server'), [
    'ServerHello/clear',
    'Certificate/clear',
    'ServerKeyExchange/clear',
    'ServerHelloDone/clear',
    'NewSessionTicket/clear',
    'Finished/encrypted',
  ]);
  t.is(handshake.steps.find((s) => s.name === 'ServerKeyExchange')!.detail, 'x25519 · ecdsa_secp256r1_sha256');
  t.like(handshake.chosen, { version: 'TLSv1.2', extendedMasterSecret: true, secureRenegotiation: true, signatureScheme: 'ecdsa_secp256r1_sha256' });
  t.is(handshake.ticketLifetimeSeconds, 7200);
  t.true(lines().some((l) => /^=== offered TLSv1\.3, TLSv1\.2 with \d+ suites; chosen TLSv1\.2 TLS_ECDHE_ECDSA_WITH_\w+ with x25519, signed with ecdsa_secp256r1_sha256$/.test(l)), lines().join('\n'));
});

test('a HelloRetryRequest shows as its own step, naming the group the server wanted', async (t) => {
  const { report, lines } = await session(t, { ecdhCurve: 'P-384' });
  const handshake = report.handshake!;
  t.deepEqual(handshake.retry, { suite: report.cipher.standardName, group: 'secp384r1' });
  t.is(handshake.chosen!.group, 'secp384r1');
  t.deepEqual(
    handshake.steps.filter((s) => s.name.endsWith('Hello') || s.name === 'HelloRetryRequest').map((s) => `${s.from} ${s.name}`),
    ['client ClientHello', 'server HelloRetryRequest', 'client ClientHello', 'server ServerHello'],
  );
  t.deepEqual(handshake.offered!.keyShares, ['secp384r1']);
  t.true(lines().some((l) => l.includes('after a HelloRetryRequest for secp384r1')));
});

test("the server's alert is named with its number, with what was offered, when it refuses every version", async (t) => {
  const listening = await server(t, { minVersion: 'TLSv1.3' });
  const recorded = record(optionsFor(listening, { maxVersion: 'TLSv1.2' }));
  await recorded.connection.open();
  await recorded.connection.submit('EHLO client.example');
  const error = await t.throwsAsync(recorded.connection.submit('STARTTLS'));
  t.true(error instanceof SmtpError && error.kind === 'tls');
  t.is(error!.message, 'TLS failed: the server sent the TLS alert protocol_version (70): the server accepts none of the TLS versions offered (TLSv1.2); it may want a newer one (see --tls-max)');
  const handshake = recorded.connection.tlsHandshake!;
  t.deepEqual(handshake.alerts, [{ from: 'server', level: 'fatal', description: 'protocol_version (70)', seen: 'clear' }]);
  const timeline = timelineLines(handshake).map((l) => l.replace(/^ *\+\d+ ms {2}/, ''));
  t.is(timeline.length, 2);
  t.regex(timeline[0]!, /^client → server {2}ClientHello {2}TLSv1\.2 · \d+ suites · SNI localhost$/);
  t.is(timeline[1], 'server → client  Alert  fatal protocol_version (70)');
  await recorded.closed;
});

test('implicit TLS: the report comes before the greeting that arrived over it', async (t) => {
  const listening = await server(t, { implicit: true });
  const secured = await secure(listening, {}, { tlsOnConnect: true });
  t.teardown(() => finish(secured));
  const lines = secured.lines();
  const started = lines.findIndex((l) => l.startsWith('=== TLS started'));
  const greeting = lines.findIndex((l) => l.startsWith('<~  220 '));
  t.true(started !== -1 && started < greeting, lines.join('\n'));
  t.is(secured.report.handshake!.chosen!.version, 'TLSv1.3');
});
