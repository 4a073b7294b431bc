/**
 * Reading TLS's length-prefixed structures out of bytes a hostile peer chose: every read is bounds-checked and a
 * malformed structure throws `MalformedTls`, which the caller records instead of crashing.
 */

export class MalformedTls extends Error {
  override name = 'MalformedTls';
}

/** A cursor that refuses to read past the end of what it was given. */
export class Reader {
  private at = 0;
  constructor(private readonly bytes: Buffer) {}

  get remaining(): number {
    return this.bytes.length - this.at;
  }
  u8(): number {
    return this.take(1)[0]!;
  }
  u16(): number {
    return this.take(2).readUInt16BE(0);
  }
  u24(): number {
    return this.take(3).readUIntBE(0, 3);
  }
  u32(): number {
    return this.take(4).readUInt32BE(0);
  }
  take(length: number): Buffer {
    if (length > this.remaining) throw new MalformedTls(`needs ${length} bytes, ${this.remaining} left`);
    const slice = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return slice;
  }
  /** A length-prefixed vector: `width` bytes of length, then that many bytes. */
  bytesOf(width: 1 | 2 | 3): Buffer {
    const length = width === 1 ? this.u8() : width === 2 ? this.u16() : this.u24();
    return this.take(length);
  }
  vector(width: 1 | 2 | 3): Reader {
    return new Reader(this.bytesOf(width));
  }
  u16List(): number[] {
    const list: number[] = [];
    while (this.remaining >= 2) list.push(this.u16());
    if (this.remaining !== 0) throw new MalformedTls('odd length in a list of 16-bit values');
    return list;
  }
}
