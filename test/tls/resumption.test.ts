import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { SecureVersion } from 'node:tls';
import { generateCertificate } from '../../src/server/certs.js';
import { finish, secure } from './helpers/connect.js';
import { startTlsSmtpServer } from './helpers/tls-smtp-server.js';
import type { TlsSmtpServer } from './helpers/tls-smtp-server.js';

async function server(t: ExecutionContext, maxVersion: SecureVersion = 'TLSv1.3'): Promise<TlsSmtpServer> {
  const cert = await generateCertificate();
  const listening = await startTlsSmtpServer({ key: cert.keyPem, cert: cert.certPem, maxVersion });
  t.teardown(() => listening.close());
  return listening;
}

for (const version of ['TLSv1.3', 'TLSv1.2'] as const) {
  test(`${version}: the previous session offered again is resumed, with no certificate sent the second time`, async (t) => {
    const listening = await server(t, version);
    const first = await secure(listening);
    await finish(first);
    const session = first.connection.session;
    t.truthy(session);
    t.false(first.report.resumed);
    const second = await secure(listening, {}, { session: session! });
    t.teardown(() => finish(second));
    t.true(second.report.resumed);
    t.like(second.report.resumption, { offered: true });
    t.true(second.report.handshake!.offered!.resumptionOffered);
    t.is(second.report.handshake!.serverCertificates, undefined);
    t.is(second.report.verdict.label, first.report.verdict.label);
    t.is(second.report.chain.length, 0);
    const parts = second.report.verdict.parts.filter((part) => part.part !== 'chain');
    t.deepEqual(parts.map((part) => [part.part, part.label, part.checked]), [
      ['dates', 'not checked (resumed)', false],
      ['hostname', 'not checked (resumed)', false],
      ['strength', 'not checked (resumed)', false],
    ]);
    const line = second.lines().find((text) => text.startsWith('=== certificate'));
    t.regex(line ?? '', /dates – not checked \(resumed\) · hostname – not checked \(resumed\)/, second.lines().join('\n'));
    t.true(second.lines().includes('=== the previous session was resumed'));
  });
}

test("a session from another server is offered but not resumed, and the report says so", async (t) => {
  const first = await secure(await server(t));
  await finish(first);
  const other = await secure(await server(t), {}, { session: first.connection.session! });
  t.teardown(() => finish(other));
  t.false(other.report.resumed);
  t.true(other.lines().includes('=== the previous session was offered but not resumed'));
});
