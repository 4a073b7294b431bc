import test from 'ava';
import { X509Certificate } from 'node:crypto';
import { parsePemBundle } from '../../src/core/tls-chain.js';
import { chainPem } from '../../src/core/tls-report.js';
import type { TlsReport } from '../../src/core/tls-report.js';
import { generateCa, generateCertificate } from '../../src/server/certs.js';
import { runCli } from '../helpers/cli.js';
import { finish, secure } from './helpers/connect.js';
import { startTlsSmtpServer } from './helpers/tls-smtp-server.js';

test('chainPem writes the peer chain leaf first, as PEM that parses back to the same certificates', async (t) => {
  const root = await generateCa('Export Root');
  const intermediate = await generateCa('Export Intermediate', { issuer: root });
  const leaf = await generateCertificate({ issuer: intermediate });
  const listening = await startTlsSmtpServer({ key: leaf.keyPem, cert: leaf.chainPem });
  t.teardown(() => listening.close());
  const secured = await secure(listening);
  t.teardown(() => finish(secured));
  const exported = parsePemBundle(chainPem(secured.report));
  const sent = [leaf.certPem, intermediate.certPem].map((pem) => new X509Certificate(pem).fingerprint256);
  t.deepEqual(exported.map((c) => c.fingerprint256), sent);
  t.regex(chainPem(secured.report), /^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
});

test('--json carries the handshake: the suites offered, the one chosen, the verdict parts', async (t) => {
  const cert = await generateCertificate();
  const listening = await startTlsSmtpServer({ key: cert.keyPem, cert: cert.certPem, maxVersion: 'TLSv1.2' });
  t.teardown(() => listening.close());
  const result = await runCli(['--script', '-', `127.0.0.1:${listening.port}`, '--json', '--servername', 'localhost'], {
    input: 'EHLO client.example\nSTARTTLS\nEHLO client.example\nQUIT\n',
  });
  t.is(result.code, 0, result.stdout + result.stderr);
  const tls = (JSON.parse(result.stdout) as { tls: TlsReport }).tls;
  const handshake = tls.handshake!;
  t.true(handshake.offered!.suites.length > 20);
  t.true(handshake.offered!.suites.includes('TLS_AES_256_GCM_SHA384'));
  t.true(handshake.offered!.suites.includes(handshake.chosen!.suite));
  t.is(handshake.chosen!.suite, tls.cipher.standardName);
  t.is(handshake.chosen!.version, 'TLSv1.2');
  t.deepEqual(tls.verdict.parts.map((p) => [p.part, p.ok]), [
    ['chain', false],
    ['dates', true],
    ['hostname', true],
    ['strength', true],
  ]);
  t.like(tls.verdict.parts[0], { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', openssl: 18 });
  t.true(handshake.steps.some((s) => s.name === 'ServerKeyExchange' && s.seen === 'clear'));
  t.deepEqual(tls.ocsp, { stapled: false, requested: true });
});
