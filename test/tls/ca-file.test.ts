import test from 'ava';
import type { ExecutionContext } from 'ava';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCertificate } from '../../src/server/certs.js';
import type { GeneratedCertificate } from '../../src/server/certs.js';
import { runCli } from '../helpers/cli.js';
import { startTlsSmtpServer } from './helpers/tls-smtp-server.js';

const INPUT = 'EHLO client.example\nSTARTTLS\nQUIT\n';

async function selfSigned(t: ExecutionContext): Promise<{ cert: GeneratedCertificate; target: string }> {
  const cert = await generateCertificate();
  const listening = await startTlsSmtpServer({ key: cert.keyPem, cert: cert.certPem });
  t.teardown(() => listening.close());
  return { cert, target: `127.0.0.1:${listening.port}` };
}

function file(t: ExecutionContext, name: string, contents: string | Buffer): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ca-file-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, name), contents);
  return path.join(dir, name);
}

const verdict = (stdout: string): string | undefined => stdout.split('\n').find((line) => line.startsWith('=== certificate CN=localhost: '));

test('--ca with the certificate in DER, as browsers export it: trusted, as the same certificate in PEM is', async (t) => {
  const { cert, target } = await selfSigned(t);
  const der = file(t, 'ss.der', new X509Certificate(cert.certPem).raw);
  const pem = file(t, 'ss.pem', cert.certPem);
  for (const ca of [der, pem]) {
    const result = await runCli(['--script', '-', target, '--servername', 'localhost', '--ca', ca], { input: INPUT });
    t.is(result.code, 0, result.stderr);
    t.regex(verdict(result.stdout) ?? result.stdout, /: chain ✓ trusted · /);
  }
});

test('a --ca file with no certificate in it: a usage error, not a CA silently left out', async (t) => {
  const { cert, target } = await selfSigned(t);
  for (const [name, contents] of [['garbage.pem', 'garbage\n'], ['key.pem', cert.keyPem]] as const) {
    const ca = file(t, name, contents);
    const result = await runCli(['--script', '-', target, '--ca', ca], { input: INPUT });
    t.is(result.code, 64, result.stdout);
    t.is(result.stderr, `smtp-explorer: --ca ${ca} holds no certificate (PEM or DER)\nTry smtp-explorer --help.\n`);
    t.is(result.stdout, '');
  }
});

test('a --ca bundle with a damaged block: named, since OpenSSL would stop reading there', async (t) => {
  const { cert, target } = await selfSigned(t);
  const other = await generateCertificate({ commonName: 'other' });
  const damaged = other.certPem.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!');
  const ca = file(t, 'bundle.pem', `${cert.certPem}${damaged}`);
  const result = await runCli(['--script', '-', target, '--ca', ca], { input: INPUT });
  t.is(result.code, 64, result.stdout);
  t.is(result.stderr, `smtp-explorer: --ca ${ca} holds a certificate that cannot be read: PEM block 2 of 2\nTry smtp-explorer --help.\n`);
});
