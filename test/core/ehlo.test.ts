import test from 'ava';
import fc from 'fast-check';
import { describeChanges, diffCapabilities, parseEhlo, type Capabilities } from '../../src/core/ehlo.js';
import { LineReader } from '../../src/core/line-reader.js';
import { ReplyParser } from '../../src/core/reply.js';

const ehlo = (...lines: string[]) => parseEhlo({ code: 250, lines });

const postfixPre = ehlo(
  'mail.example.com',
  'PIPELINING',
  'SIZE 10240000',
  'VRFY',
  'ETRN',
  'STARTTLS',
  'ENHANCEDSTATUSCODES',
  '8BITMIME',
  'DSN',
  'SMTPUTF8',
  'CHUNKING',
);
const postfixPost = ehlo(
  'mail.example.com',
  'PIPELINING',
  'SIZE 52428800',
  'VRFY',
  'ETRN',
  'AUTH PLAIN LOGIN',
  'AUTH=PLAIN LOGIN',
  'ENHANCEDSTATUSCODES',
  '8BITMIME',
  'DSN',
  'SMTPUTF8',
  'CHUNKING',
);

test('a typical Postfix reply', (t) => {
  t.like(postfixPre, {
    domain: 'mail.example.com',
    greeting: '',
    size: 10240000,
    pipelining: true,
    starttls: true,
    auth: [],
    eightBitMime: true,
    smtpUtf8: true,
    chunking: true,
    dsn: true,
    enhancedStatusCodes: true,
    requireTls: false,
    binaryMime: false,
    problems: [],
  });
  t.deepEqual(
    postfixPre.list.map((capability) => capability.keyword),
    ['PIPELINING', 'SIZE', 'VRFY', 'ETRN', 'STARTTLS', 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING'],
  );
  t.deepEqual(postfixPre.list[1], { keyword: 'SIZE', params: ['10240000'], line: 'SIZE 10240000', asReceived: 'SIZE 10240000' });
});

test('from the bytes a server sends, through the line reader and the reply parser', (t) => {
  const wire = '250-mx.example.org Hello [127.0.0.1]\r\n250-8BITMIME\r\n250-AUTH PLAIN\r\n250 SIZE 1000\r\n';
  const parser = new ReplyParser();
  const replies = new LineReader().push(Buffer.from(wire)).flatMap((line) => parser.push(line) ?? []);
  t.is(replies.length, 1);
  t.like(parseEhlo(replies[0]!), {
    domain: 'mx.example.org',
    greeting: 'Hello [127.0.0.1]',
    eightBitMime: true,
    auth: ['PLAIN'],
    size: 1000,
    problems: [],
  });
});

test('first line: domain and greeting', (t) => {
  t.like(ehlo('mx.example.org Hello client.example.net [192.0.2.7]'), {
    domain: 'mx.example.org',
    greeting: 'Hello client.example.net [192.0.2.7]',
  });
  t.like(ehlo('  mx.example.org \t  hi there  '), { domain: 'mx.example.org', greeting: 'hi there' });
  t.like(ehlo(''), { domain: '', greeting: '', list: [] });
  t.like(parseEhlo({ code: 250, lines: [] }), { domain: '', list: [] });
});

test('a HELO-style single line offers no extensions', (t) => {
  const caps = ehlo('mx.example.org');
  t.deepEqual(caps.list, []);
  t.is(caps.size, undefined);
  t.false(caps.starttls);
});

test('lower case keywords and mechanisms are upper-cased, the line kept as received', (t) => {
  const caps = ehlo('mx', 'starttls', 'auth plain Login cram-md5', 'size 1000', '8bitmime', 'smtputf8');
  t.true(caps.starttls);
  t.true(caps.eightBitMime);
  t.true(caps.smtpUtf8);
  t.is(caps.size, 1000);
  t.deepEqual(caps.auth, ['PLAIN', 'LOGIN', 'CRAM-MD5']);
  t.deepEqual(caps.list[1], { keyword: 'AUTH', params: ['plain', 'Login', 'cram-md5'], line: 'auth plain Login cram-md5', asReceived: 'auth plain Login cram-md5' });
});

test('legacy AUTH= is merged with AUTH and is not a repeat', (t) => {
  const both = ehlo('mx', 'AUTH LOGIN PLAIN', 'AUTH=LOGIN PLAIN XOAUTH2');
  t.deepEqual(both.auth, ['LOGIN', 'PLAIN', 'XOAUTH2']);
  t.deepEqual(both.problems, []);
  t.deepEqual(both.list[1], { keyword: 'AUTH', params: ['LOGIN', 'PLAIN', 'XOAUTH2'], line: 'AUTH=LOGIN PLAIN XOAUTH2', asReceived: 'AUTH=LOGIN PLAIN XOAUTH2' });
  t.deepEqual(ehlo('mx', 'auth=login').auth, ['LOGIN']);
  t.deepEqual(ehlo('mx', 'AUTH=').auth, []);
});

test('SIZE: number, no limit stated, garbage', (t) => {
  t.is(ehlo('mx', 'SIZE').size, 0);
  t.is(ehlo('mx', 'SIZE 0').size, 0);
  t.is(ehlo('mx', 'SIZE 35882577').size, 35882577);
  const garbage = ehlo('mx', 'SIZE 10MB');
  t.is(garbage.size, 0);
  t.deepEqual(garbage.problems, ['line 2: SIZE limit "10MB" is not a number; taken as no limit stated']);
  t.is(ehlo('mx', 'PIPELINING').size, undefined);
});

test('duplicates: kept in the list, the first SIZE wins, each repeat named', (t) => {
  const caps = ehlo('mx', 'SIZE 1000', 'PIPELINING', 'size 2000', 'pipelining', 'AUTH PLAIN', 'AUTH LOGIN');
  t.is(caps.size, 1000);
  t.true(caps.pipelining);
  t.deepEqual(caps.auth, ['PLAIN', 'LOGIN']);
  t.is(caps.list.length, 6);
  t.deepEqual(caps.problems, [
    'line 4: SIZE is offered more than once',
    'line 5: PIPELINING is offered more than once',
    'line 7: AUTH is offered more than once',
  ]);
});

test('garbage lines are kept and named; empty lines are named and skipped', (t) => {
  const caps = ehlo('mx', '', '   ', '\x1b[2J', '-DASH', 'X_UNDERSCORE 1', 'starttls', '\x1b[6n');
  t.true(caps.starttls);
  t.deepEqual(
    caps.list.map((capability) => capability.keyword),
    ['\x1b[2J', '-DASH', 'X_UNDERSCORE', 'STARTTLS', '\x1b[6n'],
    'a valid keyword in any case is named in upper case; anything else stays as sent',
  );
  t.deepEqual(caps.problems, [
    'line 2 is empty',
    'line 3 is empty',
    'line 4: "\x1b[2J" is not a valid EHLO keyword',
    'line 5: "-DASH" is not a valid EHLO keyword',
    'line 6: "X_UNDERSCORE" is not a valid EHLO keyword',
    'line 8: "\x1b[6n" is not a valid EHLO keyword',
  ]);
});

test('unknown extensions are kept with their parameters', (t) => {
  const caps = ehlo('mx', 'XCLIENT NAME ADDR PROTO', 'X-EXPS GSSAPI NTLM', 'ETRN', 'DELIVERBY 300');
  t.deepEqual(caps.list, [
    { keyword: 'XCLIENT', params: ['NAME', 'ADDR', 'PROTO'], line: 'XCLIENT NAME ADDR PROTO', asReceived: 'XCLIENT NAME ADDR PROTO' },
    { keyword: 'X-EXPS', params: ['GSSAPI', 'NTLM'], line: 'X-EXPS GSSAPI NTLM', asReceived: 'X-EXPS GSSAPI NTLM' },
    { keyword: 'ETRN', params: [], line: 'ETRN', asReceived: 'ETRN' },
    { keyword: 'DELIVERBY', params: ['300'], line: 'DELIVERBY 300', asReceived: 'DELIVERBY 300' },
  ]);
  t.deepEqual(caps.auth, [], 'X-EXPS mechanisms are not AUTH mechanisms');
  t.deepEqual(caps.problems, []);
});

test('tabs and runs of spaces separate parameters', (t) => {
  t.deepEqual(ehlo('mx', 'AUTH\tPLAIN   LOGIN ').list[0]?.params, ['PLAIN', 'LOGIN']);
});

test('every typed flag', (t) => {
  const caps = ehlo('mx', 'REQUIRETLS', 'BINARYMIME', 'CHUNKING', 'DSN', 'ENHANCEDSTATUSCODES');
  t.like(caps, { requireTls: true, binaryMime: true, chunking: true, dsn: true, enhancedStatusCodes: true });
});

test('LIMITS (RFC 9422)', (t) => {
  const caps = ehlo('mx', 'LIMITS RCPTMAX=100 mailmax=5 RCPTDOMAINMAX=10 BOGUS');
  t.deepEqual(caps.limits, { RCPTMAX: 100, MAILMAX: 5, RCPTDOMAINMAX: 10 });
  t.deepEqual(caps.problems, ['line 2: LIMITS parameter "BOGUS" is not NAME=number']);
});

for (const code of [0, 199, 421, 451, 500, 502, 554, 354]) {
  test(`a ${code} reply yields nothing`, (t) => {
    const caps = parseEhlo({ code, lines: ['mx.example.org', 'STARTTLS', 'AUTH PLAIN', 'SIZE 100'] });
    t.like(caps, { domain: '', greeting: '', list: [], starttls: false, auth: [], problems: [] });
    t.is(caps.size, undefined);
  });
}

test('diff: the usual Postfix change across STARTTLS', (t) => {
  const changes = diffCapabilities(postfixPre, postfixPost);
  t.deepEqual(changes, [
    { kind: 'changed', keyword: 'SIZE', before: ['10240000'], after: ['52428800'] },
    { kind: 'appeared', keyword: 'AUTH', params: ['PLAIN', 'LOGIN'] },
    { kind: 'disappeared', keyword: 'STARTTLS', params: [] },
  ]);
  t.deepEqual(describeChanges(changes), [
    'SIZE changed from 10240000 to 52428800',
    'AUTH PLAIN LOGIN appeared after STARTTLS (usual: many servers offer AUTH only over TLS)',
    'STARTTLS disappeared after STARTTLS, as it should: TLS is already active (RFC 3207 §4.2)',
  ]);
});

test('diff: identical sets without STARTTLS have no changes', (t) => {
  t.deepEqual(diffCapabilities(postfixPost, postfixPost), []);
});

test('diff: STARTTLS offered again inside TLS is named', (t) => {
  const changes = diffCapabilities(postfixPre, postfixPre);
  t.deepEqual(changes, [{ kind: 'still-offered', keyword: 'STARTTLS' }]);
  t.deepEqual(describeChanges(changes), ['STARTTLS is still offered after STARTTLS, which RFC 3207 §4.2 forbids']);
});

test('diff: AUTH mechanisms compare as a set, case aside', (t) => {
  const pre = ehlo('mx', 'AUTH PLAIN LOGIN');
  t.deepEqual(diffCapabilities(pre, ehlo('mx', 'auth login plain')), []);
  t.deepEqual(diffCapabilities(pre, ehlo('mx', 'AUTH LOGIN', 'AUTH=PLAIN')), []);
  const changes = diffCapabilities(pre, ehlo('mx', 'AUTH PLAIN LOGIN CRAM-MD5'));
  t.deepEqual(describeChanges(changes), ['AUTH changed from PLAIN LOGIN to PLAIN LOGIN CRAM-MD5']);
});

test('diff: parameters gained or lost, and extensions that vanish', (t) => {
  const changes = diffCapabilities(ehlo('mx', 'SIZE 100', 'DSN', 'VRFY'), ehlo('mx', 'SIZE', 'BINARYMIME'));
  t.deepEqual(describeChanges(changes), [
    'SIZE changed from 100 to (no parameters)',
    'BINARYMIME appeared after STARTTLS',
    'DSN disappeared after STARTTLS',
    'VRFY disappeared after STARTTLS',
  ]);
});

test('diff: against an empty pre-TLS set everything appeared', (t) => {
  const changes = diffCapabilities(parseEhlo({ code: 502, lines: ['no'] }), ehlo('mx', 'PIPELINING', 'SIZE 5'));
  t.deepEqual(describeChanges(changes), ['PIPELINING appeared after STARTTLS', 'SIZE 5 appeared after STARTTLS']);
});

const interestingWord = fc.constantFrom(
  'AUTH', 'auth=plain', 'AUTH=', 'SIZE', 'size', '10240000', 'x', 'STARTTLS', 'PIPELINING', 'LIMITS', 'RCPTMAX=3',
  'a=b', '', '-', '\x1b[2J', '\u202e', 'PLAIN', 'LOGIN', '8BITMIME',
);
const capabilityLine = fc.oneof(
  fc.array(interestingWord, { maxLength: 5 }).map((words) => words.join(' ')),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const replyArb = fc.record({
  code: fc.oneof(fc.constant(250), fc.integer({ min: 0, max: 999 })),
  lines: fc.array(capabilityLine, { maxLength: 12 }),
});

test('property: never throws; valid keywords and mechanisms upper-cased, other words kept as sent, mechanisms unique', (t) => {
  fc.assert(
    fc.property(replyArb, (reply) => {
      const caps = parseEhlo(reply);
      const positive = reply.code >= 200 && reply.code <= 299;
      return (
        caps.list.every(({ keyword, line }) =>
          /^[A-Z0-9][A-Z0-9-]*$/.test(keyword.toUpperCase()) ? keyword === keyword.toUpperCase() : line.trim().split(/[ \t]/)[0] === keyword,
        ) &&
        caps.auth.every((mechanism) => mechanism === mechanism.toUpperCase()) &&
        new Set(caps.auth).size === caps.auth.length &&
        (positive || caps.list.length === 0) &&
        caps.list.length <= Math.max(0, reply.lines.length - 1)
      );
    }),
    { numRuns: 1000 },
  );
  t.pass();
});

const keywords = (caps: Capabilities) => new Set(caps.list.map((capability) => capability.keyword));

test('property: the diff names exactly the keywords that appeared and disappeared', (t) => {
  fc.assert(
    fc.property(replyArb, replyArb, (a, b) => {
      const pre = parseEhlo(a);
      const post = parseEhlo(b);
      const changes = diffCapabilities(pre, post);
      const named = (kind: string) => new Set(changes.filter((change) => change.kind === kind).map((change) => change.keyword));
      const appeared = [...keywords(post)].filter((keyword) => !keywords(pre).has(keyword));
      const disappeared = [...keywords(pre)].filter((keyword) => !keywords(post).has(keyword));
      return (
        named('appeared').size === appeared.length &&
        appeared.every((keyword) => named('appeared').has(keyword)) &&
        named('disappeared').size === disappeared.length &&
        disappeared.every((keyword) => named('disappeared').has(keyword)) &&
        describeChanges(changes).length === changes.length &&
        diffCapabilities(post, post).every((change) => change.kind === 'still-offered')
      );
    }),
    { numRuns: 1000 },
  );
  t.pass();
});

test('each capability keeps the line as the server sent it: keyword case, the legacy AUTH= form and bytes that are not UTF-8', (t) => {
  const parser = new ReplyParser();
  const wire = Buffer.concat([Buffer.from('250-mx.example\r\n250-8bitmime\r\n250-AUTH=login\r\n250-X-\xff\r\n', 'latin1'), Buffer.from('250 size 10\r\n')]);
  const [reply] = new LineReader().push(wire).flatMap((line) => parser.push(line) ?? []);
  const caps = parseEhlo(reply!);
  t.deepEqual(
    caps.list.map((cap) => cap.keyword),
    ['8BITMIME', 'AUTH', 'X-\ufffd', 'SIZE'],
  );
  t.deepEqual(
    caps.list.map((cap) => Buffer.from(cap.asReceived).toString('latin1')),
    ['8bitmime', 'AUTH=login', 'X-\xff', 'size 10'],
  );
  t.true(caps.eightBitMime);
  t.deepEqual(caps.auth, ['LOGIN']);
  // Without the bytes (a reply built by hand), the decoded line stands in.
  t.is(parseEhlo({ code: 250, lines: ['mx', 'pipelining'] }).list[0]!.asReceived, 'pipelining');
});
