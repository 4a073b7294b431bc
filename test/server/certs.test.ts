// @peculiar/x509 needs the Reflect polyfill loaded before it.
import 'reflect-metadata';
import test from 'ava';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import * as x509 from '@peculiar/x509';
import { generateCa, generateCertificate } from '../../src/server/certs.js';

const LEGACY_CIPHERS = 'DEFAULT:@SECLEVEL=0';
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const TRUSTED_TLS13 = { ok: true, protocol: 'TLSv1.3' };

type HandshakeResult = { ok: true; protocol: string | null } | { ok: false; code: string | undefined; message: string };

// One real TLS handshake on loopback; the verdict is the client's, as a user would see it.
async function handshake(server: tls.TlsOptions, client: tls.ConnectionOptions = {}): Promise<HandshakeResult> {
  const listener = tls.createServer(server, (socket) => socket.end());
  listener.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as AddressInfo;
  try {
    return await new Promise<HandshakeResult>((resolve) => {
      const socket = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ...client }, () => {
        resolve({ ok: true, protocol: socket.getProtocol() });
        socket.end();
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, code: error.code, message: error.message }));
    });
  } finally {
    listener.close();
  }
}

test('the default certificate is a self-signed EC certificate for localhost, valid now for 30 days', async (t) => {
  const before = Date.now();
  const generated = await generateCertificate();
  const cert = new X509Certificate(generated.certPem);

  t.is(cert.subject, 'CN=localhost');
  t.is(cert.issuer, 'CN=localhost');
  t.is(cert.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  t.is(cert.checkHost('localhost'), 'localhost');
  t.is(cert.checkIP('127.0.0.1'), '127.0.0.1');
  t.is(cert.checkIP('::1'), '::1');
  t.false(cert.ca);
  t.is(cert.publicKey.asymmetricKeyType, 'ec');
  t.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  const validFrom = Date.parse(cert.validFrom);
  const validTo = Date.parse(cert.validTo);
  t.true(Math.abs(validFrom - (before - HOUR_MS)) < 5000);
  t.is(validTo - validFrom, 30 * DAY_MS);
  t.true(cert.verify(cert.publicKey));
  t.true(generated.keyPem.startsWith('-----BEGIN PRIVATE KEY-----'));
  t.true(cert.checkPrivateKey(createPrivateKey(generated.keyPem)));
  t.is(generated.chainPem, generated.certPem);
  t.is(generated.issuer, undefined);
});

test('a self-signed certificate is trusted when pinned and refused otherwise, over TLS 1.3', async (t) => {
  const { keyPem, certPem } = await generateCertificate();
  t.deepEqual(await handshake({ key: keyPem, cert: certPem }, { ca: certPem }), TRUSTED_TLS13);
  t.like(await handshake({ key: keyPem, cert: certPem }), { ok: false, code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
});

test('root → intermediate → leaf: verified with the chain, missing intermediate without it', async (t) => {
  const root = await generateCa('Workshop Root');
  const intermediate = await generateCa('Workshop Intermediate', { issuer: root });
  const leaf = await generateCertificate({ issuer: intermediate });

  const rootCert = new X509Certificate(root.certPem);
  const intermediateCert = new X509Certificate(intermediate.certPem);
  const leafCert = new X509Certificate(leaf.certPem);
  t.true(rootCert.ca);
  t.true(intermediateCert.ca);
  t.is(intermediateCert.issuer, 'CN=Workshop Root');
  t.is(leafCert.issuer, 'CN=Workshop Intermediate');
  t.true(leafCert.checkIssued(intermediateCert));
  t.true(leafCert.verify(intermediateCert.publicKey));
  t.true(intermediateCert.verify(rootCert.publicKey));
  t.is(leaf.chainPem, leaf.certPem + intermediate.certPem);

  const server = { key: leaf.keyPem, cert: leaf.chainPem };
  t.deepEqual(await handshake(server, { ca: root.certPem }), TRUSTED_TLS13);
  t.like(await handshake({ ...server, cert: leaf.certPem }, { ca: root.certPem }), { ok: false, code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  t.like(await handshake(server), { ok: false, code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' });
});

test('a leaf issued straight by a private root needs that root', async (t) => {
  const root = await generateCa('Private Root', { keyType: 'rsa' });
  const leaf = await generateCertificate({ issuer: root });
  t.is(leaf.chainPem, leaf.certPem);
  t.deepEqual(await handshake({ key: leaf.keyPem, cert: leaf.certPem }, { ca: root.certPem }), TRUSTED_TLS13);
  t.like(await handshake({ key: leaf.keyPem, cert: leaf.certPem }), { ok: false, code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
});

test('expired and not-yet-valid certificates fail verification with their own codes', async (t) => {
  const now = Date.now();
  const expired = await generateCertificate({
    notBefore: new Date(now - 60 * DAY_MS),
    notAfter: new Date(now - DAY_MS),
  });
  const future = await generateCertificate({ notBefore: new Date(now + DAY_MS) });
  t.true(Date.parse(new X509Certificate(expired.certPem).validTo) < now);
  t.true(Date.parse(new X509Certificate(future.certPem).validFrom) > now);

  t.like(await handshake({ key: expired.keyPem, cert: expired.certPem }, { ca: expired.certPem }), { ok: false, code: 'CERT_HAS_EXPIRED' });
  t.like(await handshake({ key: future.keyPem, cert: future.certPem }, { ca: future.certPem }), { ok: false, code: 'CERT_NOT_YET_VALID' });
});

test('a certificate for another host fails host verification', async (t) => {
  const wrong = await generateCertificate({ commonName: 'mail.example.org', altNames: ['mail.example.org'] });
  const cert = new X509Certificate(wrong.certPem);
  t.is(cert.subjectAltName, 'DNS:mail.example.org');
  t.is(cert.checkHost('localhost'), undefined);
  t.like(await handshake({ key: wrong.keyPem, cert: wrong.certPem }, { ca: wrong.certPem }), { ok: false, code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
});

test('RSA-1024 serves TLS 1.0 only with security level 0 on both ends, and is refused at level 2', async (t) => {
  const weak = await generateCertificate({ keyType: 'rsa', rsaBits: 1024 });
  const cert = new X509Certificate(weak.certPem);
  t.is(cert.publicKey.asymmetricKeyType, 'rsa');
  t.is(cert.publicKey.asymmetricKeyDetails?.modulusLength, 1024);
  t.true(cert.checkPrivateKey(createPrivateKey(weak.keyPem)));

  const legacyServer = {
    key: weak.keyPem,
    cert: weak.certPem,
    ciphers: LEGACY_CIPHERS,
    minVersion: 'TLSv1',
    maxVersion: 'TLSv1',
  } as const;
  t.deepEqual(await handshake(legacyServer, { ca: weak.certPem, ciphers: LEGACY_CIPHERS, minVersion: 'TLSv1' }), {
    ok: true,
    protocol: 'TLSv1',
  });
  t.like(await handshake(legacyServer, { ca: weak.certPem }), {
    ok: false,
    code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  });
  t.like(
    await handshake({ key: weak.keyPem, cert: weak.certPem, ciphers: LEGACY_CIPHERS }, {
      ca: weak.certPem,
      ciphers: 'DEFAULT:@SECLEVEL=2',
    }),
    { ok: false, message: 'EE certificate key too weak' },
  );
});

test('an RSA-2048 leaf under an EC root works over TLS 1.3', async (t) => {
  const root = await generateCa('EC Root');
  const leaf = await generateCertificate({ issuer: root, keyType: 'rsa' });
  const cert = new X509Certificate(leaf.certPem);
  t.is(cert.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
  t.true(cert.verify(new X509Certificate(root.certPem).publicKey));
  t.deepEqual(await handshake({ key: leaf.keyPem, cert: leaf.certPem }, { ca: root.certPem }), TRUSTED_TLS13);
});

test('SHA-1 signatures, by RSA and EC issuers, are refused as too weak by a default client', async (t) => {
  for (const keyType of ['rsa', 'ec-p256'] as const) {
    const root = await generateCa(`SHA-1 Root ${keyType}`, { keyType });
    const leaf = await generateCertificate({ issuer: root, signatureHash: 'SHA-1' });
    const parsed = new x509.X509Certificate(leaf.certPem);
    t.is((parsed.signatureAlgorithm as { hash: { name: string } }).hash.name, 'SHA-1', keyType);
    t.true(new X509Certificate(leaf.certPem).verify(new X509Certificate(root.certPem).publicKey), keyType);

    // OpenSSL refuses even to load it into a server context above security level 0.
    const server = { key: leaf.keyPem, cert: leaf.certPem, ciphers: LEGACY_CIPHERS };
    t.deepEqual(await handshake(server, { ca: root.certPem, ciphers: LEGACY_CIPHERS }), TRUSTED_TLS13);
    t.like(
      await handshake(server, { ca: root.certPem }),
      { ok: false, message: 'CA signature digest algorithm too weak' },
      keyType,
    );
  }
});

test('a common name with DN syntax stays one attribute', async (t) => {
  const { certPem } = await generateCertificate({ commonName: 'a,b=c', altNames: ['localhost'] });
  const cert = new X509Certificate(certPem);
  t.is(cert.subject, 'CN=a\\,b=c');
  t.deepEqual(new x509.X509Certificate(certPem).subjectName.toJSON(), [{ CN: ['a,b=c'] }]);
});
