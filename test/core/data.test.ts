import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import test from 'ava';
import fc from 'fast-check';
import { createDotStuffer, dotStuff, END_OF_DATA, isEndOfData, parseRawEscapes } from '../../src/core/data.js';

test('END_OF_DATA is CRLF . CRLF', (t) => {
  t.is(END_OF_DATA, '\r\n.\r\n');
});

const stuffCases: Array<[string, string]> = [
  ['', ''],
  ['hello', 'hello'],
  ['.', '..'],
  ['..', '...'],
  ['.hidden', '..hidden'],
  ['a.b', 'a.b'],
  [' .x', ' .x'],
];
for (const [line, expected] of stuffCases) {
  test(`dotStuff(${JSON.stringify(line)})`, (t) => {
    t.is(dotStuff(line), expected);
  });
}

test('isEndOfData: only a lone dot', (t) => {
  t.true(isEndOfData('.'));
  for (const line of ['', '..', '. ', ' .', '.\r', 'x.']) t.false(isEndOfData(line), JSON.stringify(line));
});

const hex = (bytes: Buffer) => bytes.toString('hex');

const escapeCases: Array<[string, string, string]> = [
  ['plain text', 'MAIL FROM:<a@b>', Buffer.from('MAIL FROM:<a@b>').toString('hex')],
  ['empty', '', ''],
  ['CR LF TAB NUL', '\\r\\n\\t\\0', '0d0a0900'],
  ['\\xNN in either case', '\\x00\\x1b\\xff\\xFF\\xAb', '001bffffab'],
  ['backslash', 'a\\\\b', '615c62'],
  ['UTF-8 text kept as UTF-8', 'é😀', 'c3a9f09f9880'],
  ['smuggling end of data', '\\n.\\r\\n', '0a2e0d0a'],
  ['NUL then digit', '\\01', '0031'],
  ['escaped backslash then x', '\\\\x41', '5c783431'],
];
for (const [title, text, expected] of escapeCases) {
  test(`parseRawEscapes: ${title}`, (t) => {
    const result = parseRawEscapes(text);
    t.is(result.error, undefined);
    t.is(hex(result.bytes), expected);
  });
}

const escapeErrors: Array<[string, string, string]> = [
  ['unknown escape', 'ab\\qc', 'unknown escape \\q (known: \\r \\n \\t \\0 \\xNN \\\\) at column 3'],
  ['upper-case letter', '\\R', 'unknown escape \\R (known: \\r \\n \\t \\0 \\xNN \\\\) at column 1'],
  ['lone backslash at the end', 'abc\\', 'a lone backslash ends the line (type \\\\ for a backslash) at column 4'],
  ['\\x with one digit at the end', 'x\\x1', '\\x needs two hex digits (like \\x00 or \\x1b), not "1" at column 2'],
  ['\\x with non-hex digits', '\\xzz', '\\x needs two hex digits (like \\x00 or \\x1b), not "zz" at column 1'],
  ['\\x with nothing', '\\x', '\\x needs two hex digits (like \\x00 or \\x1b), not "" at column 1'],
  ['column counts characters, not UTF-16 units', '😀é\\w', 'unknown escape \\w (known: \\r \\n \\t \\0 \\xNN \\\\) at column 3'],
  ['escaped emoji is named whole', '\\😀', 'unknown escape \\😀 (known: \\r \\n \\t \\0 \\xNN \\\\) at column 1'],
  ['the first mistake is named', '\\r\\q\\z', 'unknown escape \\q (known: \\r \\n \\t \\0 \\xNN \\\\) at column 3'],
];
for (const [title, text, error] of escapeErrors) {
  test(`parseRawEscapes error: ${title}`, (t) => {
    const result = parseRawEscapes(text);
    t.is(result.error, error);
    t.is(result.bytes.length, 0, 'nothing is sent after a mistake');
  });
}

test('property: text without a backslash is its UTF-8', (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (text) => {
      const clean = text.replaceAll('\\', '/');
      const result = parseRawEscapes(clean);
      return result.error === undefined && result.bytes.equals(Buffer.from(clean, 'utf8'));
    }),
  );
  t.pass();
});

test('property: any bytes written as escapes come back exactly', (t) => {
  const spell = (byte: number) => {
    const named: Record<number, string> = { 0x0d: '\\r', 0x0a: '\\n', 0x09: '\\t', 0x00: '\\0', 0x5c: '\\\\' };
    if (named[byte] !== undefined) return named[byte];
    if (byte >= 0x20 && byte < 0x7f) return String.fromCharCode(byte);
    return `\\x${byte.toString(16).padStart(2, '0')}`;
  };
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      const result = parseRawEscapes([...bytes].map(spell).join(''));
      return result.error === undefined && result.bytes.equals(Buffer.from(bytes));
    }),
  );
  t.pass();
});

test('property: never throws; an error always comes with no bytes', (t) => {
  const text = fc.string({ unit: fc.constantFrom('\\', 'x', 'r', '0', 'f', 'g', 'é', '😀', 'a'), maxLength: 30 });
  fc.assert(
    fc.property(text, (input) => {
      const result = parseRawEscapes(input);
      return result.error === undefined || (result.bytes.length === 0 && /at column \d+$/.test(result.error));
    }),
  );
  t.pass();
});

async function stuff(chunks: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  const stuffer = createDotStuffer();
  stuffer.on('data', (chunk: Buffer) => out.push(chunk));
  await pipeline(Readable.from(chunks), stuffer);
  return Buffer.concat(out);
}

function splitAt(body: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (body.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(body.subarray(from, point));
    from = point;
  }
  chunks.push(body.subarray(from));
  return chunks;
}

const streamCases: Array<[string, string, string]> = [
  ['empty body', '', '.\r\n'],
  ['one line without a line end', 'a', 'a\r\n.\r\n'],
  ['CRLF line', 'a\r\n', 'a\r\n.\r\n'],
  ['bare LF line', 'a\n', 'a\r\n.\r\n'],
  ['leading dots on every line', '.a\n.b\r\n..c', '..a\r\n..b\r\n...c\r\n.\r\n'],
  ['a lone dot', '.', '..\r\n.\r\n'],
  ['a lone dot line', '.\r\n', '..\r\n.\r\n'],
  ['a body that tries to end early', 'x\n.\nMAIL FROM:<evil@x>\n', 'x\r\n..\r\nMAIL FROM:<evil@x>\r\n.\r\n'],
  ['dots inside a line stay', 'a.b. c.\n', 'a.b. c.\r\n.\r\n'],
  ['trailing bare CR', 'a\r', 'a\r\n.\r\n'],
  ['bare CR inside', 'a\rb', 'a\r\nb\r\n.\r\n'],
  ['bare CR then dot', 'a\r.b', 'a\r\n..b\r\n.\r\n'],
  ['CR CR LF', 'a\r\r\n.b', 'a\r\n\r\n..b\r\n.\r\n'],
  ['LF CR is two line ends', 'a\n\r', 'a\r\n\r\n.\r\n'],
  ['empty lines', '\n\n', '\r\n\r\n.\r\n'],
  ['binary bytes pass', 'a\x00\xff\x1b\n', 'a\x00\xff\x1b\r\n.\r\n'],
  ['smuggling variants are defused', '\r.\r', '\r\n..\r\n.\r\n'],
];

for (const [title, body, expected] of streamCases) {
  test(`stuffer: ${title}, whole and split at every point`, async (t) => {
    const bytes = Buffer.from(body, 'latin1');
    t.is((await stuff([bytes])).toString('latin1'), expected);
    t.is((await stuff([...bytes].map((byte) => Buffer.of(byte)))).toString('latin1'), expected, 'one byte per chunk');
    for (let cut = 0; cut <= bytes.length; cut++) {
      t.is((await stuff(splitAt(bytes, [cut]))).toString('latin1'), expected, `split at ${cut}`);
    }
  });
}

function unstuff(wire: string): string {
  const lines = wire.slice(0, -'.\r\n'.length).split('\r\n');
  lines.pop();
  return lines.map((line) => (line.startsWith('.') ? `${line.slice(1)}\r\n` : `${line}\r\n`)).join('');
}

test('property: un-stuffing gives back the CRLF-normalised body; one end mark, at the end', async (t) => {
  const body = fc
    .array(fc.constantFrom('a', '.', '.', '\r', '\n', '\r\n', '\x00', '\xff', 'xyz'), { maxLength: 60 })
    .map((parts) => Buffer.from(parts.join(''), 'latin1'));
  await fc.assert(
    fc.asyncProperty(body, fc.array(fc.nat(), { maxLength: 8 }), async (bytes, cuts) => {
      const wire = (await stuff(splitAt(bytes, cuts))).toString('latin1');
      const text = bytes.toString('latin1');
      if (text === '') return wire === '.\r\n';
      const normalised = text.replace(/\r\n|\r|\n/g, '\r\n');
      const expected = /\r\n$/.test(normalised) ? normalised : `${normalised}\r\n`;
      return (
        wire.endsWith(END_OF_DATA) &&
        wire.indexOf(END_OF_DATA) === wire.length - END_OF_DATA.length &&
        !/\r(?!\n)|(?<!\r)\n/.test(wire) &&
        unstuff(wire) === expected
      );
    }),
    { numRuns: 1000 },
  );
  t.pass();
});

test('property: bodies already in CRLF, as most are, come out the same however they are cut', async (t) => {
  // Chunks whose line ends are all CRLF take the stuffer's quick path; a cut inside a CRLF or next to a dot does not.
  const body = fc.array(fc.constantFrom('a', '.', '..', '\r\n', '\r\n.', 'xyz', '\xff'), { maxLength: 80 }).map((parts) => Buffer.from(parts.join(''), 'latin1'));
  await fc.assert(
    fc.asyncProperty(body, fc.array(fc.nat(), { maxLength: 12 }), async (bytes, cuts) => {
      const whole = (await stuff([bytes])).toString('latin1');
      const text = bytes.toString('latin1');
      const lines = text === '' ? [] : (/\r\n$/.test(text) ? text : `${text}\r\n`).split('\r\n').slice(0, -1);
      const expected = `${lines.map((line) => `${line.startsWith('.') ? '.' : ''}${line}\r\n`).join('')}.\r\n`;
      return whole === expected && (await stuff(splitAt(bytes, cuts))).toString('latin1') === expected;
    }),
    { numRuns: 1000 },
  );
  t.pass();
});

test('stuffer: 64 MiB of bare-LF dot lines in 64 KiB chunks', async (t) => {
  const line = Buffer.from(`.${'x'.repeat(62)}\n`);
  const chunk = Buffer.concat(Array.from({ length: 1024 }, () => line));
  const chunks = 1024;
  let length = 0;
  let tail = Buffer.alloc(0);
  const stuffer = createDotStuffer();
  stuffer.on('data', (piece: Buffer) => {
    length += piece.length;
    tail = Buffer.concat([tail, piece]).subarray(-8);
  });
  await pipeline(Readable.from((function* () { for (let i = 0; i < chunks; i++) yield chunk; })()), stuffer);
  const lines = chunks * 1024;
  t.is(length, lines * (line.length + 2) + 3, 'every line gained a dot and a CR; the end mark is .CRLF');
  t.is(tail.toString('latin1'), `xxx\r\n.\r\n`);
});
