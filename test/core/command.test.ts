import test from 'ava';
import fc from 'fast-check';
import { checkCommandLine, classifyCommand, redactedResponse, type CommandInfo, type LineKind } from '../../src/core/command.js';
import { saslPlain, saslXoauth2 } from '../../src/core/sasl.js';

const verbCases: Array<[string, CommandInfo['verb'], string]> = [
  ['EHLO client.example', 'EHLO', 'client.example'],
  ['ehlo client.example', 'EHLO', 'client.example'],
  ['HELO x', 'HELO', 'x'],
  ['LHLO x', 'LHLO', 'x'],
  ['STARTTLS', 'STARTTLS', ''],
  ['StartTLS', 'STARTTLS', ''],
  ['STARTTLS ', 'STARTTLS', ''],
  ['MAIL FROM:<a@b> SIZE=100', 'MAIL', 'FROM:<a@b> SIZE=100'],
  ['rcpt to:<x@y>', 'RCPT', 'to:<x@y>'],
  ['DATA', 'DATA', ''],
  ['BDAT 100 LAST', 'BDAT', '100 LAST'],
  ['RSET', 'RSET', ''],
  ['NOOP', 'NOOP', ''],
  ['QUIT', 'QUIT', ''],
  ['VRFY postmaster', 'VRFY', 'postmaster'],
  ['EXPN staff', 'EXPN', 'staff'],
  ['HELP', 'HELP', ''],
  ['AUTH CRAM-MD5', 'AUTH', 'CRAM-MD5'],
  ['MAIL  FROM:<a@b>', 'MAIL', ' FROM:<a@b>'],
  ['', 'OTHER', ''],
  ['R', 'OTHER', ''],
  ['Q', 'OTHER', ''],
  ['k', 'OTHER', ''],
  ['ETRN example.com', 'OTHER', 'example.com'],
  [' QUIT', 'OTHER', 'QUIT'],
  ['  two spaces', 'OTHER', ' two spaces'],
  ['\tQUIT', 'OTHER', 'QUIT'],
  // The verb ends at a tab too, as lenient servers read it: AUTH<TAB>LOGIN opens an exchange there.
  ['QUIT\t', 'QUIT', ''],
  ['AUTH\tLOGIN', 'AUTH', 'LOGIN'],
  ['DATA:', 'OTHER', ''],
  ['QUITX', 'OTHER', ''],
  ['\u017ftarttls', 'OTHER', ''],
  ['qu\u0131t', 'OTHER', ''],
];

for (const [line, verb, args] of verbCases) {
  test(`classify ${JSON.stringify(line)} → ${verb}`, (t) => {
    t.deepEqual(classifyCommand(line), { verb, args, secret: false, display: line });
  });
}

const plain = saslPlain('alice', 'correct horse');
const redactCases: Array<[string, string]> = [
  [`AUTH PLAIN ${plain}`, 'AUTH PLAIN [redacted]'],
  [`auth plain ${plain}`, 'auth plain [redacted]'],
  ['AUTH PLAIN =', 'AUTH PLAIN [redacted]'],
  ['AUTH LOGIN YWxpY2U=', 'AUTH LOGIN [redacted]'],
  [`AUTH XOAUTH2 ${saslXoauth2('alice@example.com', 'ya29.token')}`, 'AUTH XOAUTH2 [redacted]'],
  ['AUTH OAUTHBEARER bixhPWFsaWNlLAFhdXRoPUJlYXJlciB0b2tlbgEB', 'AUTH OAUTHBEARER [redacted]'],
  // The command part stays as typed (blanks, tabs, case): only the secret is replaced.
  [`AUTH  PLAIN ${plain}`, 'AUTH  PLAIN [redacted]'],
  [`AUTH  PLAIN   ${plain}  `, 'AUTH  PLAIN   [redacted]'],
  [`AUTH PLAIN\t${plain}`, 'AUTH PLAIN\t[redacted]'],
  [`Auth Plain \t ${plain}`, 'Auth Plain \t [redacted]'],
  [`auth\tlogin\t${plain}`, 'auth\tlogin\t[redacted]'],
  ['AUTH PLAIN secret more words', 'AUTH PLAIN [redacted]'],
  // A credential typed where the mechanism belongs is not a mechanism name: hide it too.
  [`AUTH ${plain}`, 'AUTH [redacted]'],
  [`auth  ${plain}`, 'auth  [redacted]'],
  ['AUTH pass/word+', 'AUTH [redacted]'],
  // Not the verb (leading blank, tab), but a lenient server might take it: hide the credential anyway.
  [` AUTH PLAIN ${plain}`, ' AUTH PLAIN [redacted]'],
  [`AUTH\tPLAIN ${plain}`, 'AUTH\tPLAIN [redacted]'],
];

// Titles carry the blanks escaped: AVA folds runs of spaces, and two cases would share a title.
for (const [line, display] of redactCases) {
  test(`redact ${JSON.stringify(line).replaceAll(' ', '·')}`, (t) => {
    const info = classifyCommand(line);
    t.is(info.display, display);
    t.true(info.secret);
    t.false(info.display.includes(plain));
  });
}

for (const line of ['AUTH CRAM-MD5', 'AUTH LOGIN', 'auth plain', 'AUTH  LOGIN ', 'AUTH\tLOGIN\t', 'AUTH', 'AUTH ', 'AUTHENTICATE x', 'MAIL FROM:<auth@x>']) {
  test(`nothing to redact in ${JSON.stringify(line)}`, (t) => {
    const info = classifyCommand(line);
    t.is(info.display, line);
    t.false(info.secret);
  });
}

test('redactedResponse hides everything but a cancel', (t) => {
  t.is(redactedResponse('c2VjcmV0'), '[redacted]');
  t.is(redactedResponse(''), '[redacted]');
  t.is(redactedResponse('* '), '[redacted]');
  t.is(redactedResponse('*'), '*');
});

test('property: an AUTH initial response never shows in the display form', (t) => {
  const response = fc.string({ unit: fc.constantFrom(...'ABCabc012+/=_-'), minLength: 1, maxLength: 40 });
  const mechanism = fc.constantFrom('PLAIN', 'login', 'XOAUTH2', 'Cram-MD5', 'SCRAM-SHA-256');
  const gap = fc.constantFrom(' ', '  ', '\t', ' \t ');
  const lead = fc.constantFrom('', ' ', '\t');
  fc.assert(
    fc.property(lead, fc.constantFrom('AUTH', 'auth', 'Auth'), gap, mechanism, gap, response, (before, auth, gap1, mech, gap2, secret) => {
      const info = classifyCommand(`${before}${auth}${gap1}${mech}${gap2}${secret}`);
      return info.secret && info.display === `${before}${auth}${gap1}${mech}${gap2}[redacted]`;
    }),
  );
  t.pass();
});

test('property: classification never throws, and only AUTH-like lines are changed', (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (line) => {
      const info = classifyCommand(line);
      return (info.secret || info.display === line) && (!info.secret || /auth/i.test(line));
    }),
  );
  t.pass();
});

const breakCases: Array<[string, LineKind, string]> = [
  [
    'MAIL FROM:<a@b>\r\nRCPT TO:<c@d>',
    'command',
    'the line contains CR (\\r) at column 16 (and 1 more); several lines are several commands: send them one at a time (raw mode sends such bytes on purpose)',
  ],
  [
    'NOOP\nNOOP',
    'command',
    'the line contains LF (\\n) at column 5; several lines are several commands: send them one at a time (raw mode sends such bytes on purpose)',
  ],
  [
    'x\0',
    'command',
    'the line contains NUL (\\x00) at column 2; several lines are several commands: send them one at a time (raw mode sends such bytes on purpose)',
  ],
  [
    'héllo😀\rworld',
    'data',
    'the line contains CR (\\r) at column 7; a body line is one line: type each line on its own (raw mode sends such bytes on purpose)',
  ],
  [
    '\ndGVzdA==',
    'auth',
    'the line contains LF (\\n) at column 1; an AUTH response is one line (raw mode sends such bytes on purpose)',
  ],
];

for (const [line, kind, error] of breakCases) {
  test(`checkCommandLine refuses ${JSON.stringify(line)} as ${kind}`, (t) => {
    t.is(checkCommandLine(line, kind).error, error);
  });
}

test('checkCommandLine accepts ordinary lines silently', (t) => {
  for (const line of ['', 'EHLO x', '  two spaces', 'R', 'tab\there', 'MAIL FROM:<ü@例え.jp> SMTPUTF8', '\x1b[2J']) {
    t.deepEqual(checkCommandLine(line, 'command'), { warnings: [] }, JSON.stringify(line));
  }
});

const limitCases: Array<[string, LineKind, number, string]> = [
  ['command', 'command', 512, 'RFC 5321 §4.5.3.1.4 allows for a command line'],
  ['data', 'data', 1000, 'RFC 5321 §4.5.3.1.6 allows for a text line'],
  ['auth', 'auth', 12288, 'RFC 4954 §4 allows for an AUTH line'],
];

for (const [title, kind, limit, rule] of limitCases) {
  test(`checkCommandLine: ${title} lines up to ${limit} octets with CRLF`, (t) => {
    t.deepEqual(checkCommandLine('x'.repeat(limit - 2), kind), { warnings: [] });
    const over = checkCommandLine('x'.repeat(limit - 1), kind);
    t.is(over.error, undefined);
    t.deepEqual(over.warnings, [`${limit + 1} octets with CRLF, over the ${limit} that ${rule}: the server may refuse or cut it`]);
  });
}

test('checkCommandLine counts UTF-8 octets, not characters', (t) => {
  const line = 'é'.repeat(255);
  t.is(line.length, 255);
  t.deepEqual(checkCommandLine(line, 'command').warnings, [], '510 octets + CRLF is exactly 512');
  t.is(checkCommandLine(`${line}é`, 'command').warnings.length, 1, '512 octets + CRLF is over');
  t.is(checkCommandLine('😀'.repeat(128), 'command').warnings.length, 1, '128 emoji are 512 octets');
});

test('checkCommandLine: an AUTH command line may reach 12,288 octets', (t) => {
  const line = `AUTH XOAUTH2 ${'A'.repeat(12288 - 2 - 13)}`;
  t.deepEqual(checkCommandLine(line, 'command'), { warnings: [] });
  t.is(checkCommandLine(`${line}A`, 'command').warnings.length, 1);
  t.is(checkCommandLine(`MAIL ${'A'.repeat(600)}`, 'command').warnings.length, 1);
});

test('checkCommandLine: an error and a warning together', (t) => {
  const result = checkCommandLine(`${'x'.repeat(600)}\n`, 'command');
  t.regex(result.error ?? '', /^the line contains LF \(\\n\) at column 601;/);
  t.is(result.warnings.length, 1);
});

test('property: an error exactly when CR, LF or NUL is present; a warning exactly when too long', (t) => {
  const unit = fc.oneof(fc.constantFrom('\r', '\n', '\0', 'a', 'é', '😀', ' '), fc.string({ unit: 'binary', maxLength: 1 }));
  fc.assert(
    fc.property(fc.string({ unit, maxLength: 700 }), fc.constantFrom<LineKind>('command', 'data', 'auth'), (line, kind) => {
      const result = checkCommandLine(line, kind);
      const limit = kind === 'data' ? 1000 : kind === 'auth' ? 12288 : 512;
      return (
        (result.error !== undefined) === /[\r\n\0]/.test(line) &&
        (result.warnings.length === 1) === Buffer.byteLength(line) + 2 > limit
      );
    }),
  );
  t.pass();
});
