/**
 * The TLS record layer: one direction's bytes → whole records → whole handshake messages, however a hostile peer
 * chose to cut them, and the type codes both layers carry.
 */
import { MalformedTls } from './tls-reader.js';

export const CONTENT_CHANGE_CIPHER_SPEC = 20;
export const CONTENT_ALERT = 21;
export const CONTENT_HANDSHAKE = 22;
export const CONTENT_APPLICATION_DATA = 23;
export const CONTENT_HEARTBEAT = 24;

export const HANDSHAKE_CLIENT_HELLO = 1;
export const HANDSHAKE_SERVER_HELLO = 2;
export const HANDSHAKE_NEW_SESSION_TICKET = 4;
export const HANDSHAKE_ENCRYPTED_EXTENSIONS = 8;
export const HANDSHAKE_CERTIFICATE = 11;
export const HANDSHAKE_SERVER_KEY_EXCHANGE = 12;
export const HANDSHAKE_CERTIFICATE_REQUEST = 13;
export const HANDSHAKE_CERTIFICATE_VERIFY = 15;
export const HANDSHAKE_FINISHED = 20;

const TLS13 = 0x0304;
export const isTls13 = (versionCode: number): boolean => versionCode === TLS13;

const RECORD_HEADER = 5;
/** RFC 8446 §5.2: ciphertext may exceed 2^14 by 256 bytes; anything longer is not TLS. */
const MAX_RECORD = 16_384 + 256;

export interface TlsRecord {
  type: number;
  version: number;
  /** The header too: TLS 1.3 authenticates it as the AEAD's additional data. */
  header: Buffer;
  payload: Buffer;
}

/** Length-prefixed units out of a byte stream, however the chunks fall: records out of TCP, messages out of records. */
class Framer<T> {
  private pending: Buffer = Buffer.alloc(0);

  constructor(
    private readonly headerLength: number,
    private readonly lengthOf: (pending: Buffer) => number,
    private readonly unit: (whole: Buffer) => T,
  ) {}

  push(chunk: Buffer): T[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const units: T[] = [];
    while (this.pending.length >= this.headerLength) {
      const end = this.headerLength + this.lengthOf(this.pending);
      if (this.pending.length < end) break;
      units.push(this.unit(this.pending.subarray(0, end)));
      this.pending = this.pending.subarray(end);
    }
    return units;
  }
}

/** One direction's bytes → whole records. */
export class RecordSplitter extends Framer<TlsRecord> {
  constructor() {
    super(
      RECORD_HEADER,
      (pending) => {
        const type = pending[0]!;
        if (type < CONTENT_CHANGE_CIPHER_SPEC || type > CONTENT_HEARTBEAT) throw new MalformedTls(`content type ${type} is not TLS`);
        const length = pending.readUInt16BE(3);
        if (length > MAX_RECORD) throw new MalformedTls(`a record of ${length} bytes is not TLS`);
        return length;
      },
      (whole) => ({
        type: whole[0]!,
        version: whole.readUInt16BE(1),
        header: whole.subarray(0, RECORD_HEADER),
        payload: whole.subarray(RECORD_HEADER),
      }),
    );
  }
}

export interface HandshakeMessage {
  type: number;
  body: Buffer;
}

const HANDSHAKE_HEADER = 4;

/** Handshake messages may span records and several may share one. */
export class HandshakeAssembler extends Framer<HandshakeMessage> {
  constructor() {
    super(
      HANDSHAKE_HEADER,
      (pending) => pending.readUIntBE(1, 3),
      (whole) => ({ type: whole[0]!, body: whole.subarray(HANDSHAKE_HEADER) }),
    );
  }
}
