// Issue 6, case 4: Exim's implicit-TLS port (`tls_on_connect_ports`, the submissions port 465 in real life).
// `--tls-on-connect` handshakes first, so the greeting itself is marked as received over TLS.
import { eximTest, evidence, exim, explore, repliesAfter } from './harness.js';

interface ImplicitJson {
  exitCode: number;
  tls: { protocol: string; verdict: { label: string } };
  capabilities: { beforeTls: unknown; afterTls: { auth: string[] } | null; changes: unknown };
  transcript: { mark: string; text: string; tls: boolean; code?: number; answers?: string }[];
}

const base64 = (text: string): string => Buffer.from(text).toString('base64');

eximTest('--tls-on-connect: TLS before the greeting, the greeting marked <~, AUTH LOGIN at once, delivery', async (t) => {
  const instance = await exim(t, { implicitTls: true });
  if (instance.tlsPort === undefined) return t.fail('Exim got no implicit TLS port');
  const script = [
    'EHLO implicit.test',
    'AUTH LOGIN',
    base64(instance.user),
    base64(instance.password),
    `MAIL FROM:<${instance.user}@${instance.domain}>`,
    `RCPT TO:<bob@${instance.domain}>`,
    'DATA',
    'Subject: over implicit TLS',
    '',
    'No STARTTLS needed.',
    '.',
    'QUIT',
  ];
  const result = await explore(instance.tlsPort, script, ['--tls-on-connect']);
  t.is(result.code, 0, await evidence(result, instance));
  const { lines } = result;
  t.is(lines[0], `=== Trying 127.0.0.1:${instance.tlsPort} (implicit TLS)...`);
  const tlsStarted = lines.findIndex((line) => line.startsWith('=== TLS started: TLSv1.3 '));
  const greeting = lines.findIndex((line) => line.startsWith('<~  220 exim.test ESMTP Exim'));
  t.true(tlsStarted > 0 && greeting > tlsStarted, result.stdout);
  t.false(lines.some((line) => /^(<-  | -> )/.test(line)), 'nothing in plaintext');
  t.true(repliesAfter(lines, ' ~> EHLO implicit.test').includes('<~  250-AUTH PLAIN LOGIN'));
  // No plaintext EHLO came before, so there is nothing to compare.
  t.false(lines.some((line) => line.includes('after STARTTLS')));
  t.deepEqual(repliesAfter(lines, ' ~> AUTH LOGIN'), ['<~  334 VXNlcm5hbWU6', '=== the challenge, decoded from base64: "Username:"']);
  t.is(lines.filter((line) => line === ' ~> [redacted]').length, 2);
  t.false(result.stdout.includes(base64(instance.password)));

  const [message] = await instance.waitForMail(1);
  t.regex(message?.content ?? '', /^Subject: over implicit TLS$/m);
  t.regex(await instance.log(), /<= alice@example\.test .* X=TLS1\.3:\S+ CV=no A=login:alice /);
});

eximTest('--tls-on-connect in --json: the greeting entry is over TLS and answers the greeting', async (t) => {
  const instance = await exim(t, { implicitTls: true });
  if (instance.tlsPort === undefined) return t.fail('Exim got no implicit TLS port');
  const result = await explore(instance.tlsPort, ['EHLO implicit.test', 'QUIT'], ['--tls-on-connect', '--json']);
  t.is(result.code, 0, await evidence(result, instance));
  const doc = JSON.parse(result.stdout) as ImplicitJson;
  t.is(doc.tls.protocol, 'TLSv1.3');
  t.is(doc.tls.verdict.label, 'self-signed');
  const greeting = doc.transcript.find((entry) => entry.code === 220);
  t.like(greeting, { mark: '<~', tls: true, answers: 'the greeting' });
  t.is(doc.capabilities.beforeTls, null);
  t.deepEqual(doc.capabilities.afterTls?.auth, ['PLAIN', 'LOGIN']);
  t.is(doc.capabilities.changes, null);
});
