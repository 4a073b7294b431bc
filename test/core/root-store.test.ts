import { createServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { prepareRootStore, usesBundledRoots } from '../../src/core/root-store.js';
import { SmtpConnection } from '../../src/core/connection.js';
import { generateCertificate } from '../../src/server/certs.js';

test('only a handshake without a CA of the user’s checks against the bundled roots, so only then is the store built early', (t) => {
  t.true(usesBundledRoots({}));
  t.true(usesBundledRoots({ tls: { servername: 'mx.example' } }));
  t.false(usesBundledRoots({ tls: { ca: '-----BEGIN CERTIFICATE-----\n…' } }));
});

test('a store built early is the one the handshake then uses: the verdict still names the self-signed chain', async (t) => {
  const { keyPem, certPem } = await generateCertificate();
  const server = createServer({ key: keyPem, cert: certPem }, (socket) => socket.end('220 hi\r\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  prepareRootStore();
  prepareRootStore();
  await new Promise((resolve) => setImmediate(resolve));
  const connection = new SmtpConnection({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, tlsOnConnect: true, timeouts: { greeting: 2000 } });
  t.is((await connection.open()).code, 220);
  t.is(connection.tlsReport?.verdict.parts.find((part) => part.part === 'chain')?.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  connection.close();
});
