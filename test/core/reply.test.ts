import test from 'ava';
import fc from 'fast-check';
import { LineReader } from '../../src/core/line-reader.js';
import { ReplyParser, omittedLines } from '../../src/core/reply.js';
import type { Reply } from '../../src/core/reply.js';

function parse(text: string | Buffer, maxLines?: number): Reply[] {
  const reader = new LineReader();
  const parser = new ReplyParser(maxLines);
  const replies: Reply[] = [];
  for (const line of reader.push(Buffer.isBuffer(text) ? text : Buffer.from(text))) {
    const reply = parser.push(line);
    if (reply) replies.push(reply);
  }
  return replies;
}

test('a single-line reply', (t) => {
  const [reply] = parse('250 2.1.0 Ok\r\n');
  t.is(reply!.code, 250);
  t.is(reply!.enhanced?.text, '2.1.0');
  t.deepEqual(reply!.lines, ['2.1.0 Ok']);
  t.deepEqual(reply!.violations, []);
});

test('a multi-line reply ends at "ddd "', (t) => {
  const replies = parse('250-mx.example\r\n250-PIPELINING\r\n250 STARTTLS\r\n');
  t.is(replies.length, 1);
  t.deepEqual(replies[0]!.lines, ['mx.example', 'PIPELINING', 'STARTTLS']);
});

test('a code alone is a valid reply line', (t) => {
  const [reply] = parse('250\r\n');
  t.is(reply!.code, 250);
  t.deepEqual(reply!.lines, ['']);
  t.deepEqual(reply!.violations, []);
});

test('mixed codes in a multi-line reply are flagged', (t) => {
  const [reply] = parse('250-a\r\n251 b\r\n');
  t.is(reply!.code, 250);
  t.true(reply!.violations.some((v) => v.includes('mixed reply codes')));
});

test('out-of-range codes are parsed as received and flagged', (t) => {
  for (const code of [850, 199, 260]) {
    const [reply] = parse(`${code} odd\r\n`);
    t.is(reply!.code, code);
    t.true(reply!.violations.some((v) => v.includes('out of range')), String(code));
  }
});

test('an enhanced code whose class does not match the reply is ignored and flagged', (t) => {
  const [reply] = parse('550 4.7.1 no\r\n');
  t.is(reply!.enhanced, undefined);
  t.true(reply!.violations.some((v) => v.includes('4.7.1')));
});

test('3xx replies carry no enhanced code', (t) => {
  const [reply] = parse('354 3.0.0 go on\r\n');
  t.is(reply!.enhanced, undefined);
});

test('a line without a code becomes a code-0 reply on its own', (t) => {
  const [reply] = parse('+OK POP3 ready\r\n');
  t.is(reply!.code, 0);
  t.true(reply!.violations[0]!.includes('3-digit'));
});

test('a line without a code inside a multi-line reply stays in it', (t) => {
  const replies = parse('250-a\r\ngarbage\r\n250 b\r\n');
  t.is(replies.length, 1);
  t.is(replies[0]!.lineCount, 3);
  t.true(replies[0]!.violations.some((v) => v.includes('3-digit')));
});

test('bare LF, bare CR and NUL are recorded', (t) => {
  const [reply] = parse(Buffer.from('250 a\rb\x00c\n'));
  t.true(reply!.violations.includes('line ended with a bare LF instead of CRLF'));
  t.true(reply!.violations.includes('bare CR inside a line'));
  t.true(reply!.violations.includes('NUL byte in a line'));
});

test('a 200,000-line reply keeps a bounded number of lines and counts the rest', (t) => {
  const text = '250-x\r\n'.repeat(199_999) + '250 end\r\n';
  const [reply] = parse(text, 1000);
  t.is(reply!.lineCount, 200_000);
  t.is(reply!.lines.length, 1000);
  t.is(omittedLines(reply!), 199_000);
});

test('a reply cut off is handed out as incomplete', (t) => {
  const parser = new ReplyParser();
  const reader = new LineReader();
  for (const line of reader.push(Buffer.from('250-a\r\n'))) parser.push(line);
  const pending = parser.takePending();
  t.false(pending!.complete);
  t.is(parser.takePending(), undefined);
});

test('property: never throws, the code shown equals the digits received, memory bounded', (t) => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('250-', '250 ', '550 5.7.1 x', '\r\n', '\n', '\r')), { maxLength: 60 }), (parts) => {
      const replies = parse(parts.join(''), 20);
      for (const reply of replies) {
        t.true(reply.lines.length <= 20);
        if (reply.code !== 0) t.is(String(reply.code), reply.raw[0]!.subarray(0, 3).toString());
      }
    }),
  );
});
