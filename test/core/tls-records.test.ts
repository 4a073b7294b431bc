import test from 'ava';
import fc from 'fast-check';
import { distinguishedName } from '../../src/core/der.js';
import { HandshakeObserver } from '../../src/core/tls-handshake.js';
import { parseCertificateRequest, parseServerKeyExchange } from '../../src/core/tls-handshake-messages.js';
import { parseClientHello, parseServerHello } from '../../src/core/tls-hello.js';
import { MalformedTls } from '../../src/core/tls-reader.js';
import { RecordSplitter } from '../../src/core/tls-records.js';
import { oid, sequence, tlv } from '../tls/helpers/der.js';

const u8 = (n: number): Buffer => Buffer.from([n]);
const u16 = (...values: number[]): Buffer => Buffer.concat(values.map((v) => Buffer.from([v >> 8, v & 0xff])));
function vector(width: 1 | 2 | 3, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const length = Buffer.alloc(width);
  length.writeUIntBE(body.length, 0, width);
  return Buffer.concat([length, body]);
}
const extension = (type: number, data: Buffer): Buffer => Buffer.concat([u16(type), vector(2, data)]);
const record = (type: number, payload: Buffer): Buffer => Buffer.concat([u8(type), u16(0x0303), vector(2, payload)]);
const handshake = (type: number, body: Buffer): Buffer => Buffer.concat([u8(type), vector(3, body)]);

const GREASE = 0x3a3a;
const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

function clientHello(extensions: Buffer[]): Buffer {
  return Buffer.concat([u16(0x0303), Buffer.alloc(32, 7), vector(1), vector(2, u16(GREASE, 0x1301, 0xc02b, 0x00ff)), vector(1, u8(0)), vector(2, ...extensions)]);
}

test('ClientHello: versions, suites, groups and SNI by name; GREASE left out; untrusted names escaped', (t) => {
  const hello = parseClientHello(
    clientHello([
      extension(0, vector(2, u8(0), vector(2, Buffer.from('mx.example\x1b[2J')))),
      extension(43, vector(1, u16(GREASE, 0x0304, 0x0303))),
      extension(10, vector(2, u16(GREASE, 29, 23))),
      extension(51, vector(2, u16(29), vector(2, Buffer.alloc(32)))),
      extension(16, vector(2, vector(1, Buffer.from('smtp')))),
      extension(41, Buffer.alloc(4)),
      extension(GREASE, Buffer.alloc(0)),
    ]),
  );
  t.deepEqual(hello.versions, ['TLSv1.3', 'TLSv1.2']);
  t.deepEqual(hello.suites, ['TLS_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV']);
  t.deepEqual(hello.groups, ['x25519', 'secp256r1']);
  t.deepEqual(hello.keyShares, ['x25519']);
  t.is(hello.serverName, 'mx.example\\x1b[2J');
  t.deepEqual(hello.alpn, ['smtp']);
  t.true(hello.resumptionOffered);
  t.deepEqual(hello.extensions, ['server_name', 'supported_versions', 'supported_groups', 'key_share', 'application_layer_protocol_negotiation', 'pre_shared_key']);
});

test('ServerHello: a HelloRetryRequest is told by its random; supported_versions overrides the legacy version', (t) => {
  const body = (random: Buffer, extensions: Buffer[]) => Buffer.concat([u16(0x0303), random, vector(1), u16(0x1302), u8(0), vector(2, ...extensions)]);
  const retry = parseServerHello(body(HRR_RANDOM, [extension(43, u16(0x0304)), extension(51, u16(24))]));
  t.like(retry, { retry: true, version: 'TLSv1.3', suite: 'TLS_AES_256_GCM_SHA384', group: 'secp384r1' });
  const plain = parseServerHello(body(Buffer.alloc(32, 1), [extension(23, Buffer.alloc(0)), extension(0xff01, u8(0))]));
  t.like(plain, { retry: false, version: 'TLSv1.2', extendedMasterSecret: true, secureRenegotiation: true });
  t.is(parseServerHello(Buffer.concat([u16(0x0301), Buffer.alloc(32), vector(1), u16(0x0035), u8(0)])).version, 'TLSv1');
});

test('ServerKeyExchange: the size of a DHE prime, leading zero bytes ignored, and the TLS 1.2 signature scheme', (t) => {
  const prime = Buffer.concat([Buffer.from([0x00, 0xc5]), Buffer.alloc(127, 0xff)]);
  const body = Buffer.concat([vector(2, prime), vector(2, u8(2)), vector(2, u8(9)), u16(0x0401), vector(2, Buffer.alloc(8))]);
  t.deepEqual(parseServerKeyExchange(body, 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', 0x0303), { dhBits: 1024, signatureScheme: 'rsa_pkcs1_sha256' });
  const ec = Buffer.concat([u8(3), u16(23), vector(1, Buffer.alloc(65)), vector(2, Buffer.alloc(8))]);
  t.deepEqual(parseServerKeyExchange(ec, 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 0x0301), { group: 'secp256r1' });
});

test('CertificateRequest (TLS 1.2): the CA names decoded from DER, BMPString and escapes included', (t) => {
  const name = (value: Buffer, tag: number) => sequence(tlv(0x31, sequence(oid('2.5.4.3'), tlv(tag, value))), tlv(0x31, sequence(oid('2.5.4.10'), tlv(0x0c, Buffer.from('Ex\x07ample')))));
  const bmp = Buffer.from('Zoë CA', 'utf16le').swap16();
  const body = Buffer.concat([vector(1, u8(1), u8(64)), vector(2, u16(0x0403)), vector(2, vector(2, name(Buffer.from('Mail CA'), 0x0c)), vector(2, name(bmp, 0x1e)))]);
  t.deepEqual(parseCertificateRequest(body, 0x0303, distinguishedName), {
    caNames: ['CN=Mail CA, O=Ex\\x07ample', 'CN=Zoë CA, O=Ex\\x07ample'],
    signatureSchemes: ['ecdsa_secp256r1_sha256'],
  });
});

test('truncated or oversized input is MalformedTls, never a crash or an over-read', (t) => {
  const hello = clientHello([extension(43, vector(1, u16(0x0304)))]);
  for (let cut = 1; cut < hello.length; cut += 7) {
    const error = t.throws(() => parseClientHello(hello.subarray(0, cut)));
    t.true(error instanceof MalformedTls, `cut at ${cut}`);
  }
  t.throws(() => new RecordSplitter().push(Buffer.from([22, 3, 3, 0x50, 0x00])), { instanceOf: MalformedTls });
  t.throws(() => new RecordSplitter().push(Buffer.from('220 go ahead\r\n')), { instanceOf: MalformedTls, message: /content type 50 is not TLS/ });
});

test('records come out the same however the bytes are chunked', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.constantFrom(20, 21, 22, 23), fc.uint8Array({ maxLength: 300 })), { minLength: 1, maxLength: 8 }),
      fc.array(fc.nat(), { maxLength: 10 }),
      (records, cuts) => {
        const whole = Buffer.concat(records.map(([type, payload]) => record(type, Buffer.from(payload))));
        const points = [...new Set(cuts.map((c) => c % (whole.length + 1)))].sort((a, b) => a - b);
        const splitter = new RecordSplitter();
        const out = [0, ...points].flatMap((start, i) => splitter.push(whole.subarray(start, points[i] ?? whole.length)));
        t.deepEqual(
          out.map((r) => [r.type, Buffer.from(r.payload).toString('hex')]),
          records.map(([type, payload]) => [type, Buffer.from(payload).toString('hex')]),
        );
      },
    ),
  );
});

test('the observer takes any bytes from either side without throwing, and says when they were not TLS', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 200 })), { maxLength: 12 }), (chunks) => {
      const observer = new HandshakeObserver();
      for (const [client, bytes] of chunks) observer.observe(client ? 'client' : 'server', Buffer.from(bytes));
      const result = observer.finish();
      t.true(Array.isArray(result.steps));
    }),
  );
  const observer = new HandshakeObserver();
  observer.observe('server', Buffer.from('220 2.0.0 go ahead\r\n'));
  t.regex(observer.finish().stopped ?? '', /the server sent bytes that are not valid TLS/);
});

test('a handshake message split over records is put back together', (t) => {
  const observer = new HandshakeObserver();
  const hello = handshake(1, clientHello([extension(43, vector(1, u16(0x0304)))]));
  observer.observe('client', record(22, hello.subarray(0, 10)));
  observer.observe('client', record(22, hello.subarray(10)));
  const { steps, offered } = observer.finish();
  t.deepEqual(steps.map((s) => s.name), ['ClientHello']);
  t.deepEqual(offered!.versions, ['TLSv1.3']);
});
