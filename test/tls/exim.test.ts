// The classic case against Debian's Exim (GnuTLS): an old server that only speaks TLS 1.0 with a 1024-bit RSA key
// answers a modern ClientHello with a TLS 1.0 ServerHello; the message must say so and name the way in.
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { SmtpConnection } from '../../src/core/connection.js';
import { formatProbe, probeTls } from '../../src/core/tls-probe.js';
import type { TlsSettings } from '../../src/core/tls-settings.js';
import { skipReason, startExim } from '../helpers/exim.js';
import type { EximInstance, EximOptions } from '../helpers/exim.js';

const reason = skipReason();
if (reason) console.warn(`Exim TLS tests skipped: ${reason}`);
const eximTest = reason ? test.skip : test;

async function exim(t: ExecutionContext, options: EximOptions): Promise<EximInstance> {
  const instance = await startExim(options);
  t.teardown(() => instance.stop());
  return instance;
}

async function starttls(instance: EximInstance, tls: TlsSettings): Promise<SmtpConnection> {
  const connection = new SmtpConnection({ host: instance.host, port: instance.port, tls: { servername: 'localhost', ...tls } });
  await connection.open();
  await connection.submit('EHLO client.example');
  try {
    await connection.submit('STARTTLS');
  } finally {
    connection.close();
  }
  return connection;
}

eximTest('a TLS 1.0-only Exim: the refusal names what it speaks and the way in; --tls-min TLSv1 flags the rest', async (t) => {
  const instance = await exim(t, { tlsVersions: 'tls1.0-only', rsaBits: 1024 });
  const error = await t.throwsAsync(starttls(instance, {}));
  t.is(error!.message, 'TLS failed: the server only speaks TLSv1, older than this client accepts by default (TLSv1.2); connect anyway with --tls-min TLSv1');
  const connection = await starttls(instance, { minVersion: 'TLSv1' });
  const report = connection.tlsReport!;
  t.is(report.protocol, 'TLSv1');
  t.true(report.securityLevelLowered);
  t.true(report.warnings.includes('TLSv1 is deprecated (RFC 8996)'));
  t.like(report.verdict.parts.find((p) => p.part === 'strength'), { ok: false, label: 'RSA 1024 bits', openssl: 66 });
});

eximTest('probing Exim: a TLS 1.0-only one answers older versions; a default one follows the client order', async (t) => {
  const old = await exim(t, { tlsVersions: 'tls1.0-only', rsaBits: 1024 });
  const legacy = await probeTls({ connection: { host: old.host, port: old.port } });
  t.deepEqual(formatProbe(legacy).slice(1, 4), [
    'TLSv1   accepted TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA (x25519)',
    'TLSv1.1 refused (server chose TLSv1)',
    'TLSv1.2 refused (server chose TLSv1)',
  ]);
  const current = await exim(t, { implicitTls: true });
  const modern = await probeTls({ connection: { host: current.host, port: current.tlsPort!, tlsOnConnect: true } });
  t.deepEqual(modern.order.map((o) => [o.version, o.verdict]), [
    ['TLSv1.2', 'client order'],
    ['TLSv1.3', 'client order'],
  ]);
  t.true(legacy.ms < 3000 && modern.ms < 3000, `${legacy.ms} ms, ${modern.ms} ms`);
});

eximTest('probing an Exim with %SERVER_PRECEDENCE: its own order, not mistaken for ChaCha20 priority or the client order', async (t) => {
  const instance = await exim(t, { tlsVersions: 'server-precedence', implicitTls: true });
  const result = await probeTls({ connection: { host: instance.host, port: instance.tlsPort!, tlsOnConnect: true } });
  // GnuTLS moves no ChaCha20 up for a client that lists it first: each try gets the server's first AES-GCM suite.
  t.deepEqual(
    result.order.map((o) => [o.version, o.verdict, o.aes128First, o.chachaFirst]),
    [
      ['TLSv1.2', 'server order', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'],
      ['TLSv1.3', 'server order', 'TLS_AES_256_GCM_SHA384', 'TLS_AES_256_GCM_SHA384'],
    ],
  );
});
