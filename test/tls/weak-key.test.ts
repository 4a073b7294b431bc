import test from 'ava';
import type { ExecutionContext } from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCa, generateCertificate } from '../../src/server/certs.js';
import { runCli } from '../helpers/cli.js';
import { makeSession, typeAndWait, waitForState } from '../session/helpers.js';
import { startTlsSmtpServer } from './helpers/tls-smtp-server.js';

const INPUT = 'EHLO client.example\nSTARTTLS\nEHLO client.example\nQUIT\n';

/** An RSA-1024 leaf under a private root and intermediate, as an old Exim with a private PKI serves it; the root in a file for --ca. */
async function weakLeaf(t: ExecutionContext): Promise<{ target: string; ca: string }> {
  const root = await generateCa('Test Root CA');
  const intermediate = await generateCa('Test Intermediate CA', { issuer: root });
  const server = await generateCertificate({ issuer: intermediate, keyType: 'rsa', rsaBits: 1024 });
  const listening = await startTlsSmtpServer({ key: server.keyPem, cert: server.chainPem });
  t.teardown(() => listening.close());
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weak-key-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const ca = path.join(dir, 'root.pem');
  writeFileSync(ca, root.certPem);
  return { target: `127.0.0.1:${listening.port}`, ca };
}

test('an RSA-1024 leaf under a CA given with --ca: --json says not trusted, key too weak, 66', async (t) => {
  const { target, ca } = await weakLeaf(t);
  const result = await runCli(['--script', '-', '--json', target, '--servername', 'localhost', '--ca', ca], { input: INPUT });
  t.is(result.code, 0, result.stderr);
  const doc = JSON.parse(result.stdout) as { tls: { verdict: { trusted: boolean; label: string; openssl: number; reason: string; fix: string } } };
  t.like(doc.tls.verdict, { trusted: false, label: 'key too weak', openssl: 66, reason: 'the server key is RSA of 1024 bits, under 2048' });
  t.regex(doc.tls.verdict.fix, /RSA 2048-bit or larger, or ECDSA/);
});

test('--strict-tls refuses an RSA-1024 leaf though its chain is trusted: exit 2, nothing sent over TLS', async (t) => {
  const { target, ca } = await weakLeaf(t);
  const result = await runCli(['--script', '-', target, '--servername', 'localhost', '--ca', ca, '--strict-tls'], { input: INPUT });
  t.is(result.code, 2, result.stdout);
  t.regex(result.stdout, /^\*\*\* TLS failed: the certificate was refused \(66 \/ EE_KEY_TOO_SMALL\): .*fix: generate a new key/m);
  t.false(result.stdout.includes(' ~> '), result.stdout);
});

test('AUTH over an RSA-1024 leaf asks first, as over any certificate not verified', async (t) => {
  const root = await generateCa('Test Root CA');
  const server = await generateCertificate({ issuer: root, keyType: 'rsa', rsaBits: 1024 });
  const listening = await startTlsSmtpServer({ key: server.keyPem, cert: server.certPem });
  t.teardown(() => listening.close());
  const made = await makeSession(t, { host: listening.host, port: listening.port, tls: { servername: 'localhost', ca: root.certPem } });
  await made.session.connect();
  await typeAndWait(made, 'EHLO client.test\rSTARTTLS\r', /TLS started: .* · key too weak ✗$/);
  await typeAndWait(made, 'EHLO client.test\r', /^<~ {2}250 /);
  made.session.type('AUTH PLAIN AGEAYg==\r');
  const asked = await waitForState(made.store, (s) => s.overlay.kind === 'confirm', 'the confirmation');
  t.regex(asked.overlay.kind === 'confirm' ? asked.overlay.question : '', /^Send AUTH\? the certificate is not verified \(key too weak\)/);
});
