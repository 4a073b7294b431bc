import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { SecureVersion } from 'node:tls';
import { formatProbe, probeTls } from '../../src/core/tls-probe.js';
import { generateCertificate } from '../../src/server/certs.js';
import { tlsPaneLines } from '../../src/ui/tls-view.js';
import { finish, secure } from './helpers/connect.js';
import type { Secured } from './helpers/connect.js';
import { startTlsSmtpServer } from './helpers/tls-smtp-server.js';
import type { TlsSmtpServer } from './helpers/tls-smtp-server.js';

async function serve(t: ExecutionContext, ecdhCurve: string, maxVersion: SecureVersion): Promise<TlsSmtpServer> {
  const cert = await generateCertificate();
  const listening = await startTlsSmtpServer({ key: cert.keyPem, cert: cert.certPem, ecdhCurve, maxVersion });
  t.teardown(() => listening.close());
  return listening;
}

async function session(t: ExecutionContext, listening: TlsSmtpServer): Promise<Secured> {
  const secured = await secure(listening);
  t.teardown(() => finish(secured));
  return secured;
}

const tlsLines = (secured: Secured): string[] => secured.lines().filter((line) => /^=== (TLS started|offered)/.test(line));

test('P-256 after a HelloRetryRequest: secp256r1 on every line, in the pane and the probe; OpenSSL\'s prime256v1 kept in the report', async (t) => {
  const listening = await serve(t, 'P-256', 'TLSv1.3');
  const secured = await session(t, listening);
  t.deepEqual(secured.report.group, { type: 'ECDH', name: 'secp256r1', size: 256, opensslName: 'prime256v1' });
  const [started, offered] = tlsLines(secured);
  t.regex(started!, /^=== TLS started: TLSv1\.3 · \w+ · secp256r1 · /);
  t.regex(offered!, / with secp256r1, .* after a HelloRetryRequest for secp256r1$/);
  t.true(tlsPaneLines(secured.report, undefined, undefined).some((line) => line.text === '  key exchange: secp256r1 (256 bits)'));
  const probe = await probeTls({ connection: { host: listening.host, port: listening.port, tls: { servername: 'localhost' } } });
  t.true(formatProbe(probe).some((line) => /^TLSv1\.3 accepted \w+ \(secp256r1\)$/.test(line)), formatProbe(probe).join('\n'));
  t.false([...secured.lines(), ...formatProbe(probe)].some((line) => line.includes('prime256v1')));
});

test('x25519 in TLS 1.2: the same spelling on the TLS started line and the negotiation line', async (t) => {
  const secured = await session(t, await serve(t, 'X25519', 'TLSv1.2'));
  const [started, offered] = tlsLines(secured);
  t.regex(started!, / · x25519 · /);
  t.regex(offered!, / with x25519, /);
  t.false(secured.lines().some((line) => line.includes('X25519')));
});

test('ffdhe2048 in TLS 1.3, which Node names only "DH": named by its group on every line', async (t) => {
  const secured = await session(t, await serve(t, 'ffdhe2048', 'TLSv1.3'));
  t.like(secured.report.group, { type: 'DH', name: 'ffdhe2048', size: 2048 });
  const [started, offered] = tlsLines(secured);
  t.regex(started!, / · ffdhe2048 · /);
  t.regex(offered!, / with ffdhe2048, /);
});
