/**
 * Where the server's bytes stop being TLS records, and what came instead. A server that leaves TLS in the middle of
 * the session (Exim writes its last `500` or `421` in plaintext and hangs up) is best told in its own words, but
 * OpenSSL swallows them and says only "wrong version number": so they are kept here, as they pass, before it reads
 * them. Only record headers are looked at, never what they carry, so this can watch a whole session.
 */
import { BYTES_SHOWN } from './shown-bytes.js';
import { CONTENT_CHANGE_CIPHER_SPEC, CONTENT_HEARTBEAT } from './tls-records.js';

const RECORD_HEADER = 5;
const MAJOR_VERSION = 3;
/** RFC 5246 §6.2.3: TLS 1.2 ciphertext may exceed 2^14 by 2048 bytes, the most any version allows. */
const MAX_RECORD = 16_384 + 2048;

export interface StrayBytes {
  /** The first of them (at most BYTES_SHOWN), from the first byte that could not start or be a record header. */
  raw: Buffer;
  /** All of them, as far as they were seen. */
  total: number;
}

/** A header, or the start of one, that no TLS version would send. */
function notAHeader(header: Buffer): boolean {
  const type = header[0]!;
  if (type < CONTENT_CHANGE_CIPHER_SPEC || type > CONTENT_HEARTBEAT) return true;
  if (header.length > 1 && header[1] !== MAJOR_VERSION) return true;
  return header.length === RECORD_HEADER && header.readUInt16BE(3) > MAX_RECORD;
}

export class StrayByteCatcher {
  private header = Buffer.alloc(0);
  /** Bytes of the current record still to come. */
  private left = 0;
  private kept: StrayBytes | undefined;

  get stray(): StrayBytes | undefined {
    return this.kept;
  }

  push(chunk: Buffer): void {
    if (this.kept) return this.keep(chunk);
    let at = 0;
    while (at < chunk.length) {
      if (this.left > 0) {
        const skipped = Math.min(this.left, chunk.length - at);
        this.left -= skipped;
        at += skipped;
        continue;
      }
      // Byte by byte: a short plaintext line ("ok\r\n") must be caught before five bytes have come.
      this.header = Buffer.concat([this.header, chunk.subarray(at, at + 1)]);
      at++;
      if (notAHeader(this.header)) {
        this.kept = { raw: Buffer.alloc(0), total: 0 };
        this.keep(this.header);
        this.keep(chunk.subarray(at));
        return;
      }
      if (this.header.length === RECORD_HEADER) {
        this.left = this.header.readUInt16BE(3);
        this.header = Buffer.alloc(0);
      }
    }
  }

  private keep(chunk: Buffer): void {
    const kept = this.kept!;
    kept.total += chunk.length;
    const room = BYTES_SHOWN - kept.raw.length;
    // A copy: holding a slice would keep a whole 64 KiB chunk alive.
    if (room > 0) kept.raw = Buffer.concat([kept.raw, chunk.subarray(0, room)]);
  }
}
