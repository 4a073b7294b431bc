import test from 'ava';
import fc from 'fast-check';
import { BYTES_SHOWN } from '../../src/core/shown-bytes.js';
import { StrayByteCatcher } from '../../src/core/tls-stray-bytes.js';

const record = (type: number, length: number): Buffer => {
  const header = Buffer.from([type, 0x03, 0x03, length >> 8, length & 0xff]);
  return Buffer.concat([header, Buffer.alloc(length, 0x41)]);
};

/** The bytes cut at the given offsets, as TCP may deliver them. */
function catchIn(bytes: Buffer, cuts: number[] = []): StrayByteCatcher {
  const catcher = new StrayByteCatcher();
  let from = 0;
  for (const cut of [...cuts.filter((at) => at > 0 && at < bytes.length).sort((a, b) => a - b), bytes.length]) {
    catcher.push(bytes.subarray(from, cut));
    from = cut;
  }
  return catcher;
}

test('records of every content type, however cut, are not stray; their contents are never looked at', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 20, max: 24 }), fc.integer({ min: 0, max: 600 })), { maxLength: 8 }),
      fc.array(fc.nat({ max: 5000 })),
      (records, cuts) => {
        // Payload bytes that look like plaintext must not matter: only headers are read.
        const bytes = Buffer.concat(records.map(([type, length]) => record(type, length)));
        return catchIn(bytes, cuts).stray === undefined;
      },
    ),
  );
  t.pass();
});

test('plaintext after records is caught from its first byte, however the chunks fall', (t) => {
  const line = Buffer.from('500 Too many unrecognized commands\r\n');
  const bytes = Buffer.concat([record(23, 40), record(23, 3), line]);
  fc.assert(
    fc.property(fc.array(fc.nat({ max: bytes.length })), (cuts) => {
      const stray = catchIn(bytes, cuts).stray;
      return stray !== undefined && stray.raw.equals(line) && stray.total === line.length;
    }),
  );
  t.pass();
});

test('a short line is caught before five bytes have come, and a header no TLS sends is caught too', (t) => {
  t.deepEqual(catchIn(Buffer.from('ok')).stray, { raw: Buffer.from('ok'), total: 2 });
  // A handshake type byte, then a major version that is not 3.
  t.deepEqual(catchIn(Buffer.from([0x16, 0x04])).stray?.raw, Buffer.from([0x16, 0x04]));
  const tooLong = Buffer.from([0x17, 0x03, 0x03, 0x48, 0x01]);
  t.deepEqual(catchIn(tooLong).stray?.raw, tooLong);
  t.is(catchIn(record(23, 16_384 + 2048)).stray, undefined);
});

test('only the first bytes are kept, all of them counted, across later chunks too', (t) => {
  const catcher = new StrayByteCatcher();
  catcher.push(Buffer.concat([record(23, 10), Buffer.alloc(300, 0x61)]));
  catcher.push(Buffer.alloc(100_000, 0x62));
  catcher.push(Buffer.from('z'));
  const stray = catcher.stray!;
  t.is(stray.total, 100_301);
  t.is(stray.raw.length, BYTES_SHOWN);
  t.deepEqual(stray.raw, Buffer.concat([Buffer.alloc(300, 0x61), Buffer.alloc(BYTES_SHOWN - 300, 0x62)]));
});
