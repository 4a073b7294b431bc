import test from 'ava';
import type { ExecutionContext } from 'ava';
import { SmtpError } from '../../src/core/errors.js';
import { generateCertificate } from '../../src/server/certs.js';
import { runCli } from '../helpers/cli.js';
import { record } from '../helpers/session.js';
import { optionsFor } from './helpers/connect.js';
import { startTlsSmtpServer } from './helpers/tls-smtp-server.js';
import type { TlsSmtpServer } from './helpers/tls-smtp-server.js';

const REFUSED = 'TLS failed: the TLS options were refused before the handshake: OpenSSL matches no cipher suite';

async function server(t: ExecutionContext, implicit = false): Promise<TlsSmtpServer> {
  const cert = await generateCertificate();
  const listening = await startTlsSmtpServer({ key: cert.keyPem, cert: cert.certPem, implicit });
  t.teardown(() => listening.close());
  return listening;
}

// Options the CLI would refuse reach the connection from elsewhere (the probe's own tries, a library caller):
// Node then throws from inside tls.connect, which must come out as the connection's TLS error.
for (const implicit of [false, true]) {
  test(`${implicit ? 'implicit TLS' : 'STARTTLS'}: options OpenSSL refuses are a TLS error of the connection, not an exception`, async (t) => {
    const listening = await server(t, implicit);
    const recorded = record(optionsFor(listening, { ciphers: 'FOOBAR' }, { tlsOnConnect: implicit }));
    const { connection } = recorded;
    const failure = (async () => {
      await connection.open();
      await connection.submit('EHLO client.example');
      await connection.submit('STARTTLS');
    })();
    const error = await t.throwsAsync(failure, { instanceOf: SmtpError });
    t.is(error?.kind, 'tls');
    t.is(error?.message, REFUSED);
    await recorded.closed;
    t.true(recorded.lines().includes(`*** ${REFUSED}`), recorded.lines().join('\n'));
  });
}

test('--probe-tls with TLS 1.3 suites only: the older versions not tried, said in words, and the probe finishes', async (t) => {
  const listening = await server(t);
  const result = await runCli(['--probe-tls', `127.0.0.1:${listening.port}`, '--ciphers', 'TLS_AES_128_GCM_SHA256']);
  t.is(result.code, 0, result.stderr);
  t.is(result.stderr, '');
  const lines = result.stdout.split('\n');
  const why = REFUSED.replace('TLS failed: ', '');
  t.true(lines.includes(`=== TLSv1   not tried (${why})`), result.stdout);
  t.true(lines.includes(`=== TLSv1.1 not tried (${why})`), result.stdout);
  t.true(lines.includes('=== TLSv1.2 not tried (this side has no cipher suite to offer for the TLS versions allowed (see --ciphers, --tls-min, --tls-max))'), result.stdout);
  t.true(lines.includes('=== TLSv1.3 accepted TLS_AES_128_GCM_SHA256 (x25519)'), result.stdout);
});
