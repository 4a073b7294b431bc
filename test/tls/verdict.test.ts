import test from 'ava';
import type { ExecutionContext } from 'ava';
import { getDiffieHellman } from 'node:crypto';
import { generateCa, generateCertificate } from '../../src/server/certs.js';
import type { CertificateOptions } from '../../src/server/certs.js';
import type { VerdictPart } from '../../src/core/tls-report.js';
import type { TlsSettings } from '../../src/core/tls-settings.js';
import { finish, secure } from './helpers/connect.js';
import type { Secured } from './helpers/connect.js';
import { sequence, tlv } from './helpers/der.js';
import { startTlsSmtpServer } from './helpers/tls-smtp-server.js';
import type { TlsSmtpOptions } from './helpers/tls-smtp-server.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

async function session(t: ExecutionContext, server: TlsSmtpOptions, client: TlsSettings = {}): Promise<Secured> {
  const listening = await startTlsSmtpServer(server);
  t.teardown(() => listening.close());
  const secured = await secure(listening, client);
  t.teardown(() => finish(secured));
  return secured;
}

function part(secured: Secured, name: VerdictPart['part']): VerdictPart {
  return secured.report.verdict.parts.find((p) => p.part === name)!;
}

/** A private CA: root → intermediate → leaf, as mail servers' own PKIs are built. */
async function privateChain(leaf: CertificateOptions = {}) {
  const root = await generateCa('Test Root CA');
  const intermediate = await generateCa('Test Intermediate CA', { issuer: root });
  const server = await generateCertificate({ issuer: intermediate, ...leaf });
  return { root, intermediate, server };
}

test('self-signed: the chain part names 18 / DEPTH_ZERO_SELF_SIGNED_CERT with a fix; dates and hostname pass', async (t) => {
  const cert = await generateCertificate();
  const secured = await session(t, { key: cert.keyPem, cert: cert.certPem });
  const chain = part(secured, 'chain');
  t.like(chain, { ok: false, label: 'self-signed', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', openssl: 18 });
  t.regex(chain.fix!, /CA the clients trust/);
  t.like(part(secured, 'dates'), { ok: true });
  t.like(part(secured, 'hostname'), { ok: true, label: 'localhost' });
  t.like(part(secured, 'strength'), { ok: true });
  t.like(secured.report.verdict, { trusted: false, label: 'self-signed', openssl: 18 });
  const lines = secured.lines();
  t.true(lines.includes('=== certificate CN=localhost: chain ✗ self-signed · dates ✓ 29 days left · hostname ✓ localhost · strength ✓ strong'), lines.join('\n'));
  t.true(lines.some((l) => l.startsWith('=== chain (18 / DEPTH_ZERO_SELF_SIGNED_CERT): the server certificate is self-signed') && l.includes('. Fix: ')));
});

test('private CA with its intermediate and --ca root: every part passes, and the root is marked as not sent', async (t) => {
  const { root, server } = await privateChain();
  const secured = await session(t, { key: server.keyPem, cert: server.chainPem }, { ca: root.certPem });
  t.true(secured.report.verdict.trusted);
  t.deepEqual(secured.report.verdict.parts.map((p) => p.ok), [true, true, true, true]);
  t.deepEqual(secured.report.chain.map((c) => [c.subject, c.sent]), [
    ['CN=localhost', true],
    ['CN=Test Intermediate CA', true],
    ['CN=Test Root CA', false],
  ]);
  t.true(secured.lines().some((l) => l.startsWith('=== TLS started:') && l.endsWith('verified ✓')));
});

test('private CA with its intermediate but the root unknown here: 20 / UNABLE_TO_GET_ISSUER_CERT_LOCALLY', async (t) => {
  const { server } = await privateChain();
  const secured = await session(t, { key: server.keyPem, cert: server.chainPem });
  t.like(part(secured, 'chain'), { ok: false, code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', openssl: 20, label: 'unknown CA' });
});

test('leaf and intermediate sent, the root unknown here: the advice names the root and --ca, and asks for no intermediate', async (t) => {
  const { server } = await privateChain();
  const secured = await session(t, { key: server.keyPem, cert: server.chainPem });
  t.deepEqual(secured.report.chain.map((c) => [c.subject, c.sent]), [
    ['CN=localhost', true],
    ['CN=Test Intermediate CA', true],
  ]);
  const chain = part(secured, 'chain');
  t.like(chain, { code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', label: 'unknown CA' });
  t.is(chain.detail, 'the server sent its chain up to CN=Test Intermediate CA, issued by CN=Test Root CA, a CA not trusted here');
  t.is(chain.fix, 'if CN=Test Root CA is a private CA, pass its certificate with --ca');
  t.true(secured.lines().includes(`=== chain (20 / UNABLE_TO_GET_ISSUER_CERT_LOCALLY): ${chain.detail}. Fix: ${chain.fix}`), secured.lines().join('\n'));
});

test('a chain sent up to a lower intermediate while --ca names the root: the CA missing above it is named', async (t) => {
  const root = await generateCa('Test Root CA');
  const upper = await generateCa('Upper CA', { issuer: root });
  const lower = await generateCa('Lower CA', { issuer: upper });
  const server = await generateCertificate({ issuer: lower });
  const secured = await session(t, { key: server.keyPem, cert: server.certPem + lower.certPem }, { ca: root.certPem });
  const chain = part(secured, 'chain');
  t.like(chain, { code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', openssl: 20 });
  t.is(chain.detail, 'the server sent its chain up to CN=Lower CA, issued by CN=Upper CA, a CA not trusted here (not in the --ca file)');
  t.is(chain.fix, 'check that --ca names CN=Upper CA, the CA that issued CN=Lower CA; if CN=Upper CA is itself an intermediate, configure the server to send it too');
});

test('private CA without the intermediate: 21 / UNABLE_TO_VERIFY_LEAF_SIGNATURE, a missing intermediate, naming the issuer', async (t) => {
  const { root, server } = await privateChain();
  const secured = await session(t, { key: server.keyPem, cert: server.certPem }, { ca: root.certPem });
  const chain = part(secured, 'chain');
  t.like(chain, { ok: false, code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', openssl: 21, label: 'missing intermediate' });
  t.regex(chain.detail, /issuer CN=Test Intermediate CA/);
  t.is(chain.fix, 'configure the server to send its intermediate certificate(s) after the leaf, or check that --ca names the CA that issued it');
});

test('a leaf issued directly by a private CA not given: 21, and the fix names both an intermediate and --ca', async (t) => {
  const root = await generateCa('Test Root CA');
  const server = await generateCertificate({ issuer: root });
  const secured = await session(t, { key: server.keyPem, cert: server.certPem }, {});
  const chain = part(secured, 'chain');
  t.like(chain, { ok: false, code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', openssl: 21 });
  t.regex(chain.detail, /issuer CN=Test Root CA/);
  t.is(chain.fix, 'configure the server to send its intermediate certificate(s) after the leaf; if a private CA issued it directly, pass that CA with --ca');
});

test('expired, from a trusted CA: only the dates part fails, 10 / CERT_HAS_EXPIRED, with how long ago', async (t) => {
  const { root, server } = await privateChain({ notBefore: new Date(Date.now() - 40 * DAY_MS), notAfter: new Date(Date.now() - 3 * DAY_MS) });
  const secured = await session(t, { key: server.keyPem, cert: server.chainPem }, { ca: root.certPem });
  t.like(part(secured, 'chain'), { ok: true });
  const dates = part(secured, 'dates');
  t.like(dates, { ok: false, code: 'CERT_HAS_EXPIRED', openssl: 10, label: 'expired' });
  t.regex(dates.detail, /the server certificate expired 3 days ago/);
  t.like(secured.report.verdict, { trusted: false, label: 'expired', code: 'CERT_HAS_EXPIRED' });
});

test('expired and self-signed: OpenSSL reports only "expired", the chain part still says self-signed', async (t) => {
  const cert = await generateCertificate({ notBefore: new Date(Date.now() - 40 * DAY_MS), notAfter: new Date(Date.now() - DAY_MS) });
  const secured = await session(t, { key: cert.keyPem, cert: cert.certPem });
  t.like(part(secured, 'chain'), { ok: false, code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  t.like(part(secured, 'dates'), { ok: false, code: 'CERT_HAS_EXPIRED' });
});

test('not yet valid by a few hours: 9 / CERT_NOT_YET_VALID with a clock-skew hint', async (t) => {
  const { root, server } = await privateChain({ notBefore: new Date(Date.now() + 3 * HOUR_MS), notAfter: new Date(Date.now() + 30 * DAY_MS) });
  const secured = await session(t, { key: server.keyPem, cert: server.chainPem }, { ca: root.certPem });
  const dates = part(secured, 'dates');
  t.like(dates, { ok: false, code: 'CERT_NOT_YET_VALID', openssl: 9 });
  t.regex(dates.detail, /in 3 hours; a clock 3 hours off on either side would explain it/);
});

test('wrong host: 62 / ERR_TLS_CERT_ALTNAME_INVALID, naming the name checked, the SNI sent and the names listed', async (t) => {
  const { root, server } = await privateChain({ commonName: 'mail.example.org', altNames: ['mail.example.org', 'mx.example.org'] });
  const secured = await session(t, { key: server.keyPem, cert: server.chainPem }, { ca: root.certPem });
  const hostname = part(secured, 'hostname');
  t.like(hostname, { ok: false, code: 'ERR_TLS_CERT_ALTNAME_INVALID', openssl: 62, label: 'wrong host' });
  t.is(hostname.detail, 'localhost is not among the names the certificate lists: DNS:mail.example.org, DNS:mx.example.org (SNI localhost sent)');
  t.like(secured.report.verdict.hostname, { checked: 'localhost', ok: false, servername: 'localhost' });
  t.like(part(secured, 'chain'), { ok: true });
});

test("RSA-1024 passes Node's default security level, but the strength part names it: 66 / EE_KEY_TOO_SMALL", async (t) => {
  const cert = await generateCertificate({ keyType: 'rsa', rsaBits: 1024 });
  const secured = await session(t, { key: cert.keyPem, cert: cert.certPem });
  t.like(part(secured, 'strength'), { ok: false, label: 'RSA 1024 bits', code: 'EE_KEY_TOO_SMALL', openssl: 66 });
  t.regex(part(secured, 'strength').fix!, /RSA 2048/);
  t.false(secured.report.securityLevelLowered);
});

test('an RSA-1024 leaf from a CA given with --ca fails verification, 66 / EE_KEY_TOO_SMALL as s_client says, and --strict-tls refuses it', async (t) => {
  const { root, server } = await privateChain({ keyType: 'rsa', rsaBits: 1024 });
  const listening = await startTlsSmtpServer({ key: server.keyPem, cert: server.chainPem });
  t.teardown(() => listening.close());
  const secured = await secure(listening, { ca: root.certPem });
  t.teardown(() => finish(secured));
  t.like(part(secured, 'chain'), { ok: true });
  t.like(part(secured, 'strength'), { ok: false, label: 'RSA 1024 bits', code: 'EE_KEY_TOO_SMALL' });
  const { verdict } = secured.report;
  t.like(verdict, { trusted: false, label: 'key too weak', code: 'EE_KEY_TOO_SMALL', openssl: 66 });
  t.is(verdict.reason, 'the server key is RSA of 1024 bits, under 2048');
  t.regex(verdict.fix!, /RSA 2048-bit or larger, or ECDSA/);
  t.true(secured.lines().some((l) => l.startsWith('=== TLS started:') && l.endsWith(' · key too weak ✗')), secured.lines().join('\n'));
  await t.throwsAsync(secure(listening, { ca: root.certPem, strict: true }), { message: /^TLS failed: the certificate was refused \(66 \/ EE_KEY_TOO_SMALL\)/ });
});

test('--strict-tls takes a sound private chain: the key check refuses only what is weak', async (t) => {
  const { root, server } = await privateChain({ keyType: 'rsa' });
  const secured = await session(t, { key: server.keyPem, cert: server.chainPem }, { ca: root.certPem, strict: true });
  t.true(secured.report.verdict.trusted);
});

test('a SHA-1 signature from the CA: the strength part says 68 / CA_MD_TOO_WEAK, the chain itself is sound', async (t) => {
  const { root, server } = await privateChain({ signatureHash: 'SHA-1' });
  // The server side refuses to load a SHA-1 certificate at OpenSSL's default level; Node's client takes it.
  const secured = await session(t, { key: server.keyPem, cert: server.chainPem, ciphers: 'DEFAULT:@SECLEVEL=0' }, { ca: root.certPem });
  t.like(part(secured, 'strength'), { ok: false, code: 'CA_MD_TOO_WEAK', openssl: 68, label: 'ecdsa-with-SHA1' });
  t.like(part(secured, 'chain'), { ok: true });
  t.like(secured.report.verdict, { trusted: false, code: 'CA_MD_TOO_WEAK' });
  t.true(secured.lines().includes('=== strength (68 / CA_MD_TOO_WEAK): the certificate at depth 0 is signed with ecdsa-with-SHA1. Fix: reissue the certificate with SHA-256 or better'), secured.lines().join('\n'));
});

test('finite-field DH of 1024 bits is named in the strength part, with the size read from ServerKeyExchange too', async (t) => {
  // RFC 2409's 1024-bit group, as old servers still ship it.
  const group = getDiffieHellman('modp2');
  const der = sequence(tlv(0x02, Buffer.concat([Buffer.from([0]), group.getPrime()])), tlv(0x02, group.getGenerator()));
  const dhparam = `-----BEGIN DH PARAMETERS-----\n${der.toString('base64')}\n-----END DH PARAMETERS-----\n`;
  const cert = await generateCertificate({ keyType: 'rsa' });
  const secured = await session(t, { key: cert.keyPem, cert: cert.certPem, dhparam, maxVersion: 'TLSv1.2', ciphers: 'DHE-RSA-AES128-GCM-SHA256' });
  t.like(part(secured, 'strength'), { ok: false, label: 'DH 1024 bits' });
  t.regex(part(secured, 'strength').fix!, /2048 bits or more, or prefer ECDHE/);
  t.like(secured.report.handshake!.chosen, { suite: 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', dhBits: 1024, signatureScheme: 'rsa_pss_rsae_sha256' });
  t.true(secured.report.verdict.trusted === false && secured.report.verdict.label === 'self-signed');
});

test('certificate fields with terminal escapes stay escaped in the report and the transcript', async (t) => {
  const cert = await generateCertificate({ commonName: 'evil\x1b]0;owned\x07\u202e', altNames: ['localhost'] });
  const secured = await session(t, { key: cert.keyPem, cert: cert.certPem });
  const subject = secured.report.chain[0]!.subject;
  t.false(/[\x00-\x1f\x7f\u202e]/.test(subject), subject);
  t.true(subject.startsWith('CN=evil\\1B]0') && subject.endsWith('<U+202E>'), subject);
  t.false(secured.lines().some((l) => /[\x00-\x08\x0b-\x1f\x7f\u202e]/.test(l)));
});
