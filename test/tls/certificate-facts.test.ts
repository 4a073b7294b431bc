// @peculiar/x509 needs the Reflect polyfill loaded before it.
import 'reflect-metadata';
import test from 'ava';
import type { ExecutionContext } from 'ava';
import * as x509 from '@peculiar/x509';
import { createHash } from 'node:crypto';
import { generateCa, generateCertificate } from '../../src/server/certs.js';
import type { CertificateOptions } from '../../src/server/certs.js';
import { tlsPaneLines } from '../../src/ui/tls-view.js';
import { finish, secure } from './helpers/connect.js';
import type { Secured } from './helpers/connect.js';
import { startTlsSmtpServer } from './helpers/tls-smtp-server.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A leaf under a private root given with --ca, so that only what the options change can fail. */
async function session(t: ExecutionContext, leaf: CertificateOptions = {}): Promise<{ secured: Secured; certPem: string }> {
  const root = await generateCa('Test Root CA');
  const server = await generateCertificate({ issuer: root, ...leaf });
  const listening = await startTlsSmtpServer({ key: server.keyPem, cert: server.certPem });
  t.teardown(() => listening.close());
  const secured = await secure(listening, { ca: root.certPem });
  t.teardown(() => finish(secured));
  return { secured, certPem: server.certPem };
}

const paneTexts = (secured: Secured): string[] => tlsPaneLines(secured.report, undefined, undefined).map((line) => line.text);

test("the pane's DANE TLSA record is 3 1 1 and the SHA-256 of the leaf's public key, as mail admins publish it", async (t) => {
  const { secured, certPem } = await session(t);
  // The key as another X.509 reader finds it in the certificate, not as Node exports it.
  const spki = Buffer.from(new x509.X509Certificate(certPem).publicKey.rawData);
  const tlsa = `3 1 1 ${createHash('sha256').update(spki).digest('hex')}`;
  const texts = paneTexts(secured);
  t.true(texts.includes(`    DANE TLSA: ${tlsa}`), texts.join('\n'));
  t.true(texts.includes(`    SHA-256 fingerprint: ${secured.report.chain[0]!.fingerprint256}`));
  t.true(texts.includes(`    pin-sha256: ${createHash('sha256').update(spki).digest('base64')}`));
});

test('not yet valid and expired say their day the same way, and the pane shows when validity starts', async (t) => {
  const starts = new Date(Date.now() + 3 * HOUR_MS);
  const early = await session(t, { notBefore: starts, notAfter: new Date(Date.now() + 30 * DAY_MS) });
  const day = starts.toISOString().slice(0, 10);
  const soon = early.secured.report.verdict.parts.find((p) => p.part === 'dates')!;
  t.is(soon.detail, `the server certificate becomes valid on ${day}, in 3 hours; a clock 3 hours off on either side would explain it: check this machine's clock`);
  t.true(paneTexts(early.secured).includes(`    valid from: ${day} (not yet valid)`));
  const ended = new Date(Date.now() - 3 * DAY_MS);
  const late = await session(t, { notBefore: new Date(Date.now() - 40 * DAY_MS), notAfter: ended });
  const expired = late.secured.report.verdict.parts.find((p) => p.part === 'dates')!;
  t.is(expired.detail, `the server certificate expired 3 days ago, on ${ended.toISOString().slice(0, 10)}`);
});
