import test from 'ava';
import type { ExecutionContext } from 'ava';
import { generateCertificate } from '../../src/server/certs.js';
import { runCli } from '../helpers/cli.js';
import { finish, secure } from './helpers/connect.js';
import { startTlsSmtpServer } from './helpers/tls-smtp-server.js';
import type { TlsSmtpServer } from './helpers/tls-smtp-server.js';

/** The classic old Exim: TLS 1.0 only, a 1024-bit RSA key; OpenSSL 3 needs security level 0 for both. */
async function legacyServer(t: ExecutionContext): Promise<TlsSmtpServer> {
  const cert = await generateCertificate({ keyType: 'rsa', rsaBits: 1024 });
  const listening = await startTlsSmtpServer({
    key: cert.keyPem,
    cert: cert.certPem,
    minVersion: 'TLSv1',
    maxVersion: 'TLSv1',
    ciphers: 'DEFAULT:@SECLEVEL=0',
  });
  t.teardown(() => listening.close());
  return listening;
}

test("by default a TLS 1.0-only server is refused with its alert, and the message says how to connect anyway", async (t) => {
  const listening = await legacyServer(t);
  const error = await t.throwsAsync(secure(listening));
  t.is(
    error!.message,
    'TLS failed: the server sent the TLS alert protocol_version (70): the server accepts none of the TLS versions offered (TLSv1.3, TLSv1.2), so it likely speaks only an older one; connect anyway with --tls-min TLSv1',
  );
});

test('with --tls-min TLSv1 it is reachable, and the report flags the old version, the lowered level and the small key', async (t) => {
  const listening = await legacyServer(t);
  const secured = await secure(listening, { minVersion: 'TLSv1' });
  t.teardown(() => finish(secured));
  const { report } = secured;
  t.is(report.protocol, 'TLSv1');
  t.true(report.securityLevelLowered);
  t.like(report.verdict.parts.find((p) => p.part === 'strength'), { ok: false, label: 'RSA 1024 bits' });
  t.deepEqual(report.warnings, [
    'OpenSSL security level lowered to 0 (--tls-min below TLSv1.2): weak settings accepted',
    'TLSv1 is deprecated (RFC 8996)',
  ]);
  t.is(report.handshake!.chosen!.version, 'TLSv1');
  t.true(report.handshake!.offered!.versions.includes('TLSv1'));
});

test('script mode: exit 2 with the way in by default, exit 0 and both flags with --tls-min TLSv1', async (t) => {
  const listening = await legacyServer(t);
  const target = `127.0.0.1:${listening.port}`;
  const input = 'EHLO client.example\nSTARTTLS\nEHLO client.example\nQUIT\n';
  const refused = await runCli(['--script', '-', target, '--servername', 'localhost'], { input });
  t.is(refused.code, 2, refused.stdout);
  t.true(refused.stdout.includes('*** TLS failed: the server sent the TLS alert protocol_version (70)'), refused.stdout);
  t.true(refused.stdout.includes('so it likely speaks only an older one; connect anyway with --tls-min TLSv1'));
  const reached = await runCli(['--script', '-', target, '--servername', 'localhost', '--tls-min', 'TLSv1'], { input });
  t.is(reached.code, 0, reached.stdout);
  const lines = reached.stdout.split('\n');
  t.true(lines.some((l) => l.startsWith('=== TLS started: TLSv1 · ')));
  t.true(lines.includes('*** OpenSSL security level lowered to 0 (--tls-min below TLSv1.2): weak settings accepted'));
  t.true(lines.includes('*** TLSv1 is deprecated (RFC 8996)'));
  t.true(lines.some((l) => l.startsWith('=== strength (66 / EE_KEY_TOO_SMALL): the server key is RSA of 1024 bits')));
});
