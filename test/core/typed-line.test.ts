import test from 'ava';
import fc from 'fast-check';
import { SmtpError } from '../../src/core/errors.js';
import { encodeLine, typedLine } from '../../src/core/typed-line.js';

const outside = { inData: false, inAuth: false };
const inData = { inData: true, inAuth: false };
const inAuth = { inData: false, inAuth: true };

test('outside DATA and AUTH a line is a command, sent as typed with CRLF, its secret hidden from its display', (t) => {
  const typed = typedLine('AUTH PLAIN AHN0dWRlbnQAd29ya3Nob3A=', outside);
  t.is(typed.kind, 'command');
  if (typed.kind !== 'command') return;
  t.is(typed.bytes.toString(), 'AUTH PLAIN AHN0dWRlbnQAd29ya3Nob3A=\r\n');
  t.is(typed.command.verb, 'AUTH');
  t.true(typed.command.secret);
  t.false(typed.command.display.includes('AHN0dWRlbnQ'));
  // R, Q and k at the start mean nothing here (openssl s_client's trap).
  for (const line of ['RCPT TO:<a@b.c>', 'QUIT', 'k']) t.like(typedLine(line, outside), { kind: 'command' });
});

test('inside DATA a line is dot-stuffed and a lone "." ends the message', (t) => {
  t.deepEqual(typedLine('.', inData), { kind: 'data-end' });
  t.like(typedLine('.hidden', inData), { kind: 'data' });
  const stuffed = typedLine('.hidden', inData);
  if (stuffed.kind === 'data') t.is(stuffed.bytes.toString(), '..hidden\r\n');
  const plain = typedLine('QUIT', inData);
  t.is(plain.kind, 'data');
  if (plain.kind === 'data') t.is(plain.bytes.toString(), 'QUIT\r\n', 'a command word in a message is just text');
});

test('after a 334 a line is the AUTH answer: shown redacted, a secret unless it is the "*" that cancels', (t) => {
  const answer = typedLine('d29ya3Nob3A=', inAuth);
  t.like(answer, { kind: 'auth-response', secret: true });
  if (answer.kind === 'auth-response') t.false(answer.display.includes('d29ya3Nob3A'));
  t.like(typedLine('*', inAuth), { kind: 'auth-response', secret: false, display: '*' });
});

test('CR, LF or NUL inside a line is refused before anything is encoded, quoting only what may be shown', (t) => {
  for (const state of [outside, inData, inAuth]) {
    for (const bad of ['NOOP\rX', 'NOOP\nX', 'NOOP\0X']) t.throws(() => typedLine(bad, state), { instanceOf: SmtpError });
  }
  const error = t.throws(() => typedLine('c2VjcmV0\nX', inAuth));
  t.false(error?.message.includes('c2VjcmV0'));
});

test('an over-long line is encoded all the same, with a warning', (t) => {
  const long = `NOOP ${'x'.repeat(600)}`;
  const { bytes, warnings } = encodeLine(long, 'command', long);
  t.is(bytes.length, long.length + 2);
  t.is(warnings.length, 1);
});

test('whatever is typed, the bytes are the line (dot-stuffed inside DATA) and CRLF, nothing else', (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }).filter((line) => !/[\r\n\0]/.test(line)), fc.boolean(), (line, data) => {
      const typed = typedLine(line, data ? inData : outside);
      if (typed.kind === 'data-end') return data && line === '.';
      const wire = data && line.startsWith('.') ? `.${line}` : line;
      return typed.bytes.equals(Buffer.from(`${wire}\r\n`, 'utf8'));
    }),
  );
  t.pass();
});
