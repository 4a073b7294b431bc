// Issue 6, case 1, in script mode: the session admins type into `openssl s_client` against Exim (AUTH offered
// only after STARTTLS, a self-signed certificate, `RCPT TO:` with a capital R) goes through smtp-explorer and
// the message lands; AUTH before TLS gets Exim's 503, which the transcript explains.
import { eximTest, evidence, exim, explore, plainAuth, repliesAfter } from './harness.js';

interface ClassicJson {
  exitCode: number;
  tls: { protocol: string; verdict: { label: string; trusted: boolean; openssl?: number } };
  capabilities: {
    beforeTls: { auth: string[]; starttls: boolean; pipelining: boolean };
    afterTls: { auth: string[]; starttls: boolean };
    changes: { kind: string; keyword: string; params?: string[]; text: string }[];
  };
  transcript: { mark: string; text: string; tls: boolean }[];
}

function classicSession(user: string, password: string, domain: string): string[] {
  return [
    'EHLO demo.test',
    'STARTTLS',
    'EHLO demo.test',
    `AUTH PLAIN ${plainAuth(user, password)}`,
    `MAIL FROM:<${user}@${domain}>`,
    `RCPT TO:<bob@${domain}>`,
    'DATA',
    'Subject: typed through smtp-explorer',
    '',
    'Hello Bob.',
    '.',
    'QUIT',
  ];
}

eximTest('the classic session delivers: STARTTLS, AUTH PLAIN, RCPT TO with a capital R, DATA, QUIT', async (t) => {
  const instance = await exim(t);
  const result = await explore(instance.port, classicSession(instance.user, instance.password, instance.domain));
  const { lines } = result;
  t.is(result.code, 0, await evidence(result, instance));

  t.regex(lines.find((line) => line.startsWith('=== TLS started:')) ?? '', /^=== TLS started: TLSv1\.3 · TLS_AES_\w+ · .*self-signed/);
  t.true(lines.some((line) => /^=== chain \(18 \/ DEPTH_ZERO_SELF_SIGNED_CERT\)/.test(line)));
  // The diff is said right under the EHLO over TLS, before AUTH goes out.
  const afterEhlo = repliesAfter(lines, ' ~> EHLO demo.test');
  t.true(afterEhlo.includes('<~  250-AUTH PLAIN LOGIN'));
  t.true(afterEhlo.includes('=== AUTH PLAIN LOGIN appeared after STARTTLS (usual: many servers offer AUTH only over TLS)'));
  t.true(afterEhlo.some((line) => line.startsWith('=== STARTTLS disappeared after STARTTLS')));

  t.true(lines.includes(' ~> AUTH PLAIN [redacted]'));
  t.false(result.stdout.includes(plainAuth(instance.user, instance.password)));
  t.deepEqual(repliesAfter(lines, ' ~> AUTH PLAIN [redacted]'), ['<~  235 Authentication succeeded']);
  t.deepEqual(repliesAfter(lines, ` ~> RCPT TO:<bob@${instance.domain}>`), ['<~  250 Accepted']);
  t.regex(repliesAfter(lines, ' ~> .')[0] ?? '', /^<~ {2}250 OK id=\S+$/);
  t.deepEqual(repliesAfter(lines, ' ~> QUIT').slice(0, 1), ['<~  221 exim.test closing connection']);
  t.false(lines.some((line) => line.startsWith('***')), result.stdout);

  const [message] = await instance.waitForMail(1);
  t.regex(message?.content ?? '', /^Envelope-to: bob@example\.test$/m);
  t.regex(message?.content ?? '', /^Subject: typed through smtp-explorer$/m);
  // Exim's own record: received over TLS 1.3, authenticated as the test user.
  t.regex(message?.content ?? '', /with esmtpsa +\(TLS1\.3\)/);
  t.regex(await instance.log(), /<= alice@example\.test .* P=esmtpsa X=TLS1\.3:\S+ CV=no A=plain:alice /);
});

eximTest('--json carries the self-signed verdict, both capability sets and the change between them', async (t) => {
  const instance = await exim(t);
  const result = await explore(instance.port, classicSession(instance.user, instance.password, instance.domain), ['--json']);
  t.is(result.code, 0, await evidence(result, instance));
  const doc = JSON.parse(result.stdout) as ClassicJson;
  t.is(doc.tls.protocol, 'TLSv1.3');
  t.is(doc.tls.verdict.label, 'self-signed');
  t.false(doc.tls.verdict.trusted);
  t.is(doc.tls.verdict.openssl, 18);
  t.deepEqual(doc.capabilities.beforeTls.auth, []);
  t.true(doc.capabilities.beforeTls.starttls);
  t.deepEqual(doc.capabilities.afterTls.auth, ['PLAIN', 'LOGIN']);
  t.false(doc.capabilities.afterTls.starttls);
  t.deepEqual(
    doc.capabilities.changes.map(({ kind, keyword }) => `${kind} ${keyword}`),
    ['appeared AUTH', 'disappeared STARTTLS'],
  );
  t.regex(doc.capabilities.changes[0]!.text, /^AUTH PLAIN LOGIN appeared after STARTTLS/);
  // The same words are in the transcript, where they were said.
  t.true(doc.transcript.some((entry) => entry.mark === '===' && entry.tls && entry.text.startsWith('AUTH PLAIN LOGIN appeared')));
  await instance.waitForMail(1);
});

eximTest('AUTH before STARTTLS: Exim says 503 and the transcript explains why and what to do', async (t) => {
  const instance = await exim(t);
  const secret = plainAuth(instance.user, instance.password);
  const result = await explore(instance.port, ['EHLO demo.test', `AUTH PLAIN ${secret}`, 'MAIL FROM:<alice@example.test>']);
  t.is(result.code, 1, await evidence(result, instance));
  const { lines } = result;
  t.false(repliesAfter(lines, ' -> EHLO demo.test').some((line) => /AUTH/.test(line)));
  t.deepEqual(repliesAfter(lines, ' -> AUTH PLAIN [redacted]').slice(0, 2), [
    '<-  503 AUTH command used when not advertised',
    "=== 503 — Bad sequence of commands: The server did not offer AUTH in its EHLO reply, so refuses it (these are Exim's words); "
      + 'many setups offer AUTH only after STARTTLS (Exim: auth_advertise_hosts). → Send STARTTLS and EHLO again; AUTH must then appear in the new EHLO reply.',
  ]);
  t.true(lines.includes('=== stopping after 503 to AUTH PLAIN [redacted] (--keep-going goes on)'));
  t.false(lines.some((line) => line.includes('MAIL FROM')));
  t.true(lines.includes(' -> QUIT'));
  t.false(result.stdout.includes(secret));
  t.regex(await instance.log(), /AUTH command used when not advertised/);
});
