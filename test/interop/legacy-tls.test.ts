// Issue 6, case 3: an old Exim that speaks only TLS 1.0 with a 1024-bit RSA key. By default the connection fails
// and says why and how to connect anyway; with `--tls-min TLSv1` it connects, and the report flags the weak key,
// the lowered security level and the deprecated version.
import { eximTest, evidence, exim, explore, plainAuth, repliesAfter } from './harness.js';

interface LegacyJson {
  exitCode: number;
  tls: {
    protocol: string;
    securityLevelLowered: boolean;
    verdict: { parts: { part: string; ok: boolean; label: string; code?: string; openssl?: number }[] };
  };
}

const LEGACY = { tlsVersions: 'tls1.0-only', rsaBits: 1024 } as const;

eximTest('TLS 1.0 only: the default connection fails, names the old version and the flag that reaches it', async (t) => {
  const instance = await exim(t, LEGACY);
  const result = await explore(instance.port, ['EHLO legacy.test', 'STARTTLS', 'EHLO legacy.test', 'QUIT']);
  t.is(result.code, 2, await evidence(result, instance));
  t.deepEqual(repliesAfter(result.lines, ' -> STARTTLS').slice(0, 2), [
    '<-  220 TLS go ahead',
    '*** TLS failed: the server only speaks TLSv1, older than this client accepts by default (TLSv1.2); connect anyway with --tls-min TLSv1',
  ]);
  // Nothing went out after the failed handshake, in plaintext or otherwise.
  const afterStartTls = result.lines.slice(result.lines.indexOf(' -> STARTTLS') + 1);
  t.false(afterStartTls.some((line) => /^ [-~]> /.test(line)));
});

eximTest('TLS 1.0 only with --tls-min TLSv1: connects, flags the 1024-bit key and the lowered security level, delivers', async (t) => {
  const instance = await exim(t, LEGACY);
  const script = [
    'EHLO legacy.test',
    'STARTTLS',
    'EHLO legacy.test',
    `AUTH PLAIN ${plainAuth(instance.user, instance.password)}`,
    `MAIL FROM:<${instance.user}@${instance.domain}>`,
    `RCPT TO:<bob@${instance.domain}>`,
    'DATA',
    'Subject: over TLS 1.0',
    '',
    'Old, but reachable.',
    '.',
    'QUIT',
  ];
  const result = await explore(instance.port, script, ['--tls-min', 'TLSv1']);
  t.is(result.code, 0, await evidence(result, instance));
  const { lines } = result;
  t.regex(lines.find((line) => line.startsWith('=== TLS started:')) ?? '', /^=== TLS started: TLSv1 · TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA · /);
  t.true(lines.some((line) => /^=== certificate CN=exim\.test: .*strength ✗ RSA 1024 bits$/.test(line)));
  t.true(lines.some((line) => line.startsWith('=== strength (66 / EE_KEY_TOO_SMALL): the server key is RSA of 1024 bits, under 2048.')));
  t.true(lines.includes('*** OpenSSL security level lowered to 0 (--tls-min below TLSv1.2): weak settings accepted'));
  t.true(lines.includes('*** TLSv1 is deprecated (RFC 8996)'));
  t.deepEqual(repliesAfter(lines, ' ~> AUTH PLAIN [redacted]'), ['<~  235 Authentication succeeded']);

  const [message] = await instance.waitForMail(1);
  t.regex(message?.content ?? '', /^Subject: over TLS 1\.0$/m);
  t.regex(await instance.log(), /<= alice@example\.test .* X=TLS1\.0:\S+ CV=no A=plain:alice /);
});

eximTest('TLS 1.0 only in --json: the strength part failed with its OpenSSL number, security level lowered', async (t) => {
  const instance = await exim(t, LEGACY);
  const result = await explore(instance.port, ['EHLO legacy.test', 'STARTTLS', 'EHLO legacy.test', 'QUIT'], ['--tls-min', 'TLSv1', '--json']);
  t.is(result.code, 0, await evidence(result, instance));
  const doc = JSON.parse(result.stdout) as LegacyJson;
  t.is(doc.tls.protocol, 'TLSv1');
  t.true(doc.tls.securityLevelLowered);
  const strength = doc.tls.verdict.parts.find((part) => part.part === 'strength');
  t.like(strength, { ok: false, label: 'RSA 1024 bits', code: 'EE_KEY_TOO_SMALL', openssl: 66 });
});
