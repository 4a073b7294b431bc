import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { SecureVersion } from 'node:tls';
import { generateCa, generateCertificate } from '../../src/server/certs.js';
import type { GeneratedCertificate } from '../../src/server/certs.js';
import { finish, secure } from './helpers/connect.js';
import { startTlsSmtpServer } from './helpers/tls-smtp-server.js';
import type { TlsSmtpServer } from './helpers/tls-smtp-server.js';

interface Setup {
  listening: TlsSmtpServer;
  client: GeneratedCertificate;
}

/** A server that asks for client certificates from its own CA but lets the session go on without one. */
async function asking(t: ExecutionContext, version: SecureVersion): Promise<Setup> {
  const clientCa = await generateCa('Mail Clients CA');
  const client = await generateCertificate({ issuer: clientCa, commonName: 'client.example', altNames: ['client.example'] });
  const cert = await generateCertificate();
  const listening = await startTlsSmtpServer({
    key: cert.keyPem,
    cert: cert.certPem,
    requestCert: true,
    rejectUnauthorized: false,
    ca: clientCa.certPem,
    maxVersion: version,
  });
  t.teardown(() => listening.close());
  return { listening, client };
}

for (const version of ['TLSv1.3', 'TLSv1.2'] as const) {
  test(`${version}: the request, the CA names it accepts, and that none was sent`, async (t) => {
    const { listening } = await asking(t, version);
    const secured = await secure(listening);
    t.teardown(() => finish(secured));
    t.deepEqual(secured.report.clientCertificate, { requested: true, caNames: ['CN=Mail Clients CA'], configured: false, sent: false });
    t.true(secured.lines().includes('=== the server asked for a client certificate from CN=Mail Clients CA: none was sent (--cert, --key)'));
    const seen = version === 'TLSv1.3' ? 'decrypted' : 'clear';
    t.like(secured.report.handshake!.steps.find((s) => s.name === 'CertificateRequest'), { from: 'server', seen, detail: 'from 1 CA' });
  });

  test(`${version}: with --cert and --key the certificate is sent and the server receives it`, async (t) => {
    const { listening, client } = await asking(t, version);
    const secured = await secure(listening, { cert: client.certPem, key: client.keyPem });
    t.teardown(() => finish(secured));
    t.like(secured.report.clientCertificate, { requested: true, configured: true, sent: true });
    t.is(listening.clientCertificates[0]?.subject.CN, 'client.example');
    t.true(secured.lines().some((l) => l.endsWith(': one was sent')));
  });
}

test('a server that does not ask: requested false, and no line about it in the transcript', async (t) => {
  const cert = await generateCertificate();
  const listening = await startTlsSmtpServer({ key: cert.keyPem, cert: cert.certPem });
  t.teardown(() => listening.close());
  const secured = await secure(listening);
  t.teardown(() => finish(secured));
  t.like(secured.report.clientCertificate, { requested: false, sent: false });
  t.false(secured.lines().some((l) => l.includes('client certificate')));
});
