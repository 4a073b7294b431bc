/**
 * Properties over arbitrary server bytes, end to end through the core: framing, reply parsing and the transcript
 * never throw, never let a control or bidi character through, and stay bounded; the JSON spelling is lossless.
 */
import test from 'ava';
import fc from 'fast-check';
import type { ConnectionEvent } from '../../src/core/connection.js';
import { LineReader } from '../../src/core/line-reader.js';
import { terminalSafeJson } from '../../src/core/printable.js';
import { ReplyParser } from '../../src/core/reply.js';
import { entriesFor, formatEntry } from '../../src/core/transcript.js';
import { RAW_CONTROL } from './harness.js';

const MAX_LINE = 64;
const MAX_LINES = 5;

const smtpish = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.constantFrom('250-', '250 ', '550 5.7.1 x', '\r\n', '\n', '\r', '\x1b[2J', '\u009b', '\u202e', '\xff', '\x00').map((text) => Buffer.from(text, 'utf8')),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((text) => Buffer.from(text, 'utf8')),
);

/** Chunks as a server might send them → every transcript line the connection would print, partial line included. */
function transcriptOf(chunks: Uint8Array[]): string[] {
  const reader = new LineReader(MAX_LINE);
  const parser = new ReplyParser(MAX_LINES);
  const events: ConnectionEvent[] = [];
  for (const chunk of chunks) {
    for (const line of reader.push(Buffer.from(chunk))) {
      const reply = parser.push(line);
      if (reply) events.push({ type: 'reply', at: 0, reply, tls: false, answers: { verb: 'NOOP', display: 'NOOP' } });
    }
  }
  const pending = parser.takePending();
  if (pending) events.push({ type: 'reply', at: 0, reply: pending, tls: false });
  const partial = reader.takePartial();
  events.push({ type: 'closed', at: 0, by: 'server', ...(partial ? { partial } : {}), tls: false, expected: false });
  return events.flatMap(entriesFor).map(formatEntry);
}

test('property: any server bytes make a transcript with nothing raw in it, each line bounded', (t) => {
  fc.assert(
    fc.property(fc.array(smtpish, { maxLength: 30 }), (chunks) => {
      for (const line of transcriptOf(chunks)) {
        if (RAW_CONTROL.test(line)) return false;
        // Escaping turns one byte into at most 4 characters (\xNN); messages about a line add a little.
        if (line.length > MAX_LINE * 4 + 200) return false;
      }
      return true;
    }),
  );
  t.pass();
});

test('property: a reply is never kept beyond its line cap, however many lines arrive', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 300 }), fc.constantFrom('250', '550'), (count, code) => {
      const body = Array.from({ length: count }, () => `${code}-line\r\n`).join('') + `${code} end\r\n`;
      const replies = transcriptOf([Buffer.from(body)]).filter((line) => line.startsWith('<'));
      return replies.length <= MAX_LINES;
    }),
  );
  t.pass();
});

test('property: terminalSafeJson is lossless and leaves nothing raw', (t) => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.string({ unit: 'binary', maxLength: 60 }), (value, text) => {
      const document = { value, text };
      const json = terminalSafeJson(JSON.stringify(document, null, 2));
      return !RAW_CONTROL.test(json.replaceAll('\n', '')) && JSON.stringify(JSON.parse(json)) === JSON.stringify(document);
    }),
  );
  t.pass();
});
