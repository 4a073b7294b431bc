import test from 'ava';
import type { ExecutionContext } from 'ava';
import { generateCa, generateCertificate } from '../../src/server/certs.js';
import type { GeneratedCertificate } from '../../src/server/certs.js';
import { finish, secure } from './helpers/connect.js';
import type { Secured } from './helpers/connect.js';
import { ocspError, ocspResponse } from './helpers/ocsp-response.js';
import { startTlsSmtpServer } from './helpers/tls-smtp-server.js';

interface Pki {
  root: GeneratedCertificate;
  intermediate: GeneratedCertificate;
  leaf: GeneratedCertificate;
}

async function pki(): Promise<Pki> {
  const root = await generateCa('OCSP Root');
  const intermediate = await generateCa('OCSP Intermediate', { issuer: root });
  const leaf = await generateCertificate({ issuer: intermediate });
  return { root, intermediate, leaf };
}

async function stapled(t: ExecutionContext, { root, leaf }: Pki, staple?: Buffer): Promise<Secured> {
  const listening = await startTlsSmtpServer({ key: leaf.keyPem, cert: leaf.chainPem, ...(staple ? { staple } : {}) });
  t.teardown(() => listening.close());
  const secured = await secure(listening, { ca: root.certPem });
  t.teardown(() => finish(secured));
  return secured;
}

test('a good staple: its status, this and next update, and a signature checked against the issuer', async (t) => {
  const keys = await pki();
  const nextUpdate = new Date(Date.now() + 3 * 86_400_000);
  const secured = await stapled(t, keys, ocspResponse(keys.leaf, keys.intermediate, { status: 'good', nextUpdate }));
  t.like(secured.report.ocsp, {
    stapled: true,
    responseStatus: 'successful',
    certStatus: 'good',
    forThisCertificate: true,
    signature: 'issuer',
    nextUpdate: new Date(Math.floor(nextUpdate.getTime() / 1000) * 1000).toISOString(),
    problems: [],
  });
  t.true(secured.lines().some((l) => /^=== OCSP staple: good \(this update \S+, next update \S+; signature: issuer\)$/.test(l)));
});

test('a revoked staple is a warning in the transcript', async (t) => {
  const keys = await pki();
  const secured = await stapled(t, keys, ocspResponse(keys.leaf, keys.intermediate, { status: 'revoked' }));
  t.like(secured.report.ocsp, { stapled: true, certStatus: 'revoked', signature: 'issuer' });
  t.true(secured.lines().some((l) => l.startsWith('*** the stapled OCSP response says the certificate is REVOKED since ')));
});

test('a staple signed by some other key is called invalid, and a stale one says so', async (t) => {
  const keys = await pki();
  const stranger = await generateCa('Not The Issuer');
  const nextUpdate = new Date(Date.now() - 3_600_000);
  const secured = await stapled(t, keys, ocspResponse(keys.leaf, keys.intermediate, { status: 'good', signer: stranger, nextUpdate }));
  t.like(secured.report.ocsp, { stapled: true, certStatus: 'good', signature: 'invalid' });
  const problems = secured.report.ocsp.stapled ? secured.report.ocsp.problems : [];
  t.deepEqual(problems, [
    'the response is stale: its next update has passed',
    'the signature does not verify with the issuer or a responder it authorised',
  ]);
});

test('a staple about another certificate is flagged', async (t) => {
  const keys = await pki();
  const other = await generateCertificate({ issuer: keys.intermediate });
  const secured = await stapled(t, keys, ocspResponse(other, keys.intermediate, { status: 'good' }));
  t.like(secured.report.ocsp, { forThisCertificate: false });
});

test('an error status from the responder, and no staple at all', async (t) => {
  const keys = await pki();
  const tryLater = await stapled(t, keys, ocspError(3));
  t.like(tryLater.report.ocsp, { stapled: true, responseStatus: 'tryLater' });
  t.true(tryLater.lines().includes('=== OCSP staple: the responder said tryLater'));
  const none = await stapled(t, keys);
  t.deepEqual(none.report.ocsp, { stapled: false, requested: true });
  t.false(none.lines().some((l) => l.includes('OCSP')));
});
