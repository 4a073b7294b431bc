import test from 'ava';
import type { ExecutionContext } from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCertificate } from '../../src/server/certs.js';
import { usageError } from './before-connecting.js';

function files(t: ExecutionContext, contents: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tls-options-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return Object.fromEntries(
    Object.entries(contents).map(([name, text]) => {
      writeFileSync(path.join(dir, name), text);
      return [name, path.join(dir, name)];
    }),
  );
}

test('--ciphers that match no suite: a usage error before any connection, not a stack trace after STARTTLS', async (t) => {
  await usageError(t, (target) => ['--script', '-', target, '--ciphers', 'FOOBAR'], '--ciphers FOOBAR: OpenSSL matches no cipher suite');
});

test('--probe-tls with such --ciphers: the same usage error (exit 1 would mean no version accepted)', async (t) => {
  await usageError(t, (target) => ['--probe-tls', target, '--ciphers', 'FOOBAR'], '--ciphers FOOBAR: OpenSSL matches no cipher suite');
});

test('TLS 1.3 suites alone with --tls-min TLSv1: said so, not "matches no cipher suite"', async (t) => {
  await usageError(
    t,
    (target) => ['--script', '-', target, '--ciphers', 'TLS_AES_128_GCM_SHA256', '--tls-min', 'TLSv1'],
    '--ciphers TLS_AES_128_GCM_SHA256: names only TLS 1.3 suites, and a --tls-min below TLSv1.2 needs one of TLS 1.2 or older',
  );
});

test('--cert and --key that do not belong together, of one key type or of two', async (t) => {
  const [a, b, rsa] = await Promise.all([generateCertificate(), generateCertificate(), generateCertificate({ keyType: 'rsa' })]);
  const named = files(t, { 'a.crt': a.certPem, 'b.key': b.keyPem, 'rsa.crt': rsa.certPem });
  for (const cert of [named['a.crt']!, named['rsa.crt']!]) {
    const key = named['b.key']!;
    await usageError(t, (target) => ['--script', '-', target, '--cert', cert, '--key', key], `--cert ${cert} --key ${key}: the key is not the certificate's`);
  }
});

test('a --cert or --key file with no PEM in it: the flag that names it', async (t) => {
  const good = await generateCertificate();
  const named = files(t, { 'g.pem': 'garbage\n', 'good.crt': good.certPem });
  const garbage = named['g.pem']!;
  await usageError(t, (target) => ['--script', '-', target, '--cert', garbage, '--key', garbage], `--cert ${garbage}: OpenSSL finds no PEM certificate in it`);
  await usageError(
    t,
    (target) => ['--script', '-', target, '--cert', named['good.crt']!, '--key', garbage],
    `--key ${garbage}: OpenSSL finds no private key in it that it can read`,
  );
});

test('versions and suites that cannot meet: a usage error naming them, not a handshake that blames the server', async (t) => {
  await usageError(t, (target) => ['--script', '-', target, '--tls-max', 'TLSv1.1'], '--tls-max TLSv1.1: no version is left: the lowest allowed is TLSv1.2 (the default; give --tls-min too), the highest TLSv1.1');
  await usageError(
    t,
    (target) => ['--script', '-', target, '--tls-min', 'TLSv1.3', '--tls-max', 'TLSv1.2'],
    '--tls-min TLSv1.3 --tls-max TLSv1.2: no version is left: the lowest allowed is TLSv1.3, the highest TLSv1.2',
  );
  await usageError(
    t,
    (target) => ['--probe-tls', target, '--tls-max', 'TLSv1.2', '--ciphers', 'TLS_AES_128_GCM_SHA256'],
    '--ciphers TLS_AES_128_GCM_SHA256: names only TLS 1.3 suites, and --tls-max TLSv1.2 leaves no TLS 1.3',
  );
});
