import test from 'ava';
import fc from 'fast-check';
import { LineReader } from '../../src/core/line-reader.js';

const push = (reader: LineReader, ...chunks: (string | Buffer)[]) =>
  chunks.flatMap((chunk) => reader.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'binary')));

test('CRLF ends a line; the ending is not part of it', (t) => {
  const lines = push(new LineReader(), '220 hi\r\n250 ok\r\n');
  t.deepEqual(lines.map((l) => [l.text, l.ending]), [['220 hi', 'crlf'], ['250 ok', 'crlf']]);
});

test('a bare LF ends a line and is flagged', (t) => {
  const [line] = push(new LineReader(), '250 ok\n');
  t.is(line!.text, '250 ok');
  t.is(line!.ending, 'lf');
});

test('a bare CR is never a line end', (t) => {
  const reader = new LineReader();
  t.deepEqual(push(reader, '250 a\rb'), []);
  const [line] = push(reader, '\r\n');
  t.deepEqual([...line!.raw], [...Buffer.from('250 a\rb')]);
});

test('a line split across reads is joined, CR and LF split too', (t) => {
  const reader = new LineReader();
  t.deepEqual(push(reader, '25', '0 o', 'k\r'), []);
  const [line] = push(reader, '\n');
  t.is(line!.text, '250 ok');
  t.is(line!.ending, 'crlf');
});

test('a UTF-8 character split across reads survives', (t) => {
  const bytes = Buffer.from('250 Grüße\r\n', 'utf8');
  const cut = bytes.indexOf(0xc3) + 1;
  const lines = push(new LineReader(), bytes.subarray(0, cut), bytes.subarray(cut));
  t.is(lines[0]!.text, '250 Grüße');
});

test('invalid bytes are kept as bytes', (t) => {
  const [line] = push(new LineReader(), Buffer.from([0x32, 0x35, 0x30, 0x20, 0xff, 0x0d, 0x0a]));
  t.deepEqual([...line!.raw], [0x32, 0x35, 0x30, 0x20, 0xff]);
});

test('a line over the cap is kept truncated with the truncation recorded', (t) => {
  const reader = new LineReader(10);
  const [line] = push(reader, '250 ' + 'x'.repeat(20), 'y'.repeat(5) + '\r\n');
  t.is(line!.raw.length, 10);
  t.is(line!.truncatedBytes, 19);
  t.is(line!.ending, 'crlf');
});

test('the CR of a truncated line is not counted as dropped text', (t) => {
  const [line] = push(new LineReader(4), '250 abc\r\n');
  t.is(line!.text, '250 ');
  t.is(line!.truncatedBytes, 3);
});

test('the partial line can be taken at close', (t) => {
  const reader = new LineReader();
  push(reader, '250 ok\r\n221 by');
  t.true(reader.hasPartial);
  const partial = reader.takePartial();
  t.is(partial!.text, '221 by');
  t.is(partial!.ending, 'none');
  t.false(reader.hasPartial);
});

test('property: any chunking gives the same lines', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(400), { maxLength: 8 }), (bytes, cuts) => {
      const whole = new LineReader(64).push(Buffer.from(bytes));
      const reader = new LineReader(64);
      const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      let start = 0;
      const pieces: ReturnType<LineReader['push']> = [];
      for (const point of [...points, bytes.length]) {
        pieces.push(...reader.push(Buffer.from(bytes.subarray(start, point))));
        start = point;
      }
      t.deepEqual(
        pieces.map((l) => [[...l.raw], l.ending, l.truncatedBytes]),
        whole.map((l) => [[...l.raw], l.ending, l.truncatedBytes]),
      );
      for (const line of pieces) t.true(line.raw.length <= 64);
    }),
  );
});

test('a 10 MB line without CRLF keeps only the cap in memory', (t) => {
  const reader = new LineReader(8192);
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  for (let i = 0; i < 160; i++) reader.push(chunk);
  const partial = reader.takePartial();
  t.is(partial!.raw.length, 8192);
  t.is(partial!.truncatedBytes, 160 * 64 * 1024 - 8192);
});

test('a line is a copy, never a view of the read it came in', (t) => {
  const read = Buffer.alloc(64 * 1024, 'x');
  read.write('250 ok\r\n', 0, 'latin1');
  const [line] = new LineReader().push(read);
  read.fill('z');
  t.is(line!.raw.toString('latin1'), '250 ok');
  t.not(line!.raw.buffer, read.buffer);
});
