/**
 * TLS 1.3 hides most of its handshake. With the traffic secrets the key log hands us (RFC 8446 §7.1-7.3), the
 * handshake records can be read back, which is how the report knows whether the server asked for a client
 * certificate and how it signed. Only handshake and alert content is ever kept; application data never is.
 */
import { createDecipheriv, createHmac } from 'node:crypto';
import type { CipherGCMTypes } from 'node:crypto';
import type { TlsRecord } from './tls-records.js';

interface Aead {
  cipher: CipherGCMTypes | 'chacha20-poly1305';
  keyLength: number;
  hash: 'sha256' | 'sha384';
}

const AEADS: Readonly<Record<string, Aead>> = {
  TLS_AES_128_GCM_SHA256: { cipher: 'aes-128-gcm', keyLength: 16, hash: 'sha256' },
  TLS_AES_256_GCM_SHA384: { cipher: 'aes-256-gcm', keyLength: 32, hash: 'sha384' },
  TLS_CHACHA20_POLY1305_SHA256: { cipher: 'chacha20-poly1305', keyLength: 32, hash: 'sha256' },
};

const TAG_LENGTH = 16;
const IV_LENGTH = 12;

/** HKDF-Expand-Label with an empty context; one HMAC block suffices, as every key and IV is shorter than the hash. */
function expandLabel(secret: Buffer, label: string, length: number, hash: Aead['hash']): Buffer {
  const fullLabel = Buffer.from(`tls13 ${label}`);
  const info = Buffer.alloc(2 + 1 + fullLabel.length + 1 + 1);
  info.writeUInt16BE(length, 0);
  info[2] = fullLabel.length;
  fullLabel.copy(info, 3);
  info[3 + fullLabel.length] = 0;
  info[4 + fullLabel.length] = 1;
  return createHmac(hash, secret).update(info).digest().subarray(0, length);
}

export interface DecryptedRecord {
  type: number;
  content: Buffer;
}

/** One direction, one epoch: records must be given in the order they were sent. */
export class RecordDecrypter {
  private sequence = 0n;
  private readonly key: Buffer;
  private readonly iv: Buffer;

  private constructor(
    private readonly aead: Aead,
    secret: Buffer,
  ) {
    this.key = expandLabel(secret, 'key', aead.keyLength, aead.hash);
    this.iv = expandLabel(secret, 'iv', IV_LENGTH, aead.hash);
  }

  /** Undefined for a suite we cannot decrypt here (the CCM suites). */
  static for(suite: string, secret: Buffer): RecordDecrypter | undefined {
    const aead = AEADS[suite];
    return aead ? new RecordDecrypter(aead, secret) : undefined;
  }

  /** Undefined when the record does not authenticate: wrong key, or not this epoch's record. */
  decrypt(record: TlsRecord): DecryptedRecord | undefined {
    const nonce = Buffer.from(this.iv);
    const sequence = Buffer.alloc(8);
    sequence.writeBigUInt64BE(this.sequence);
    for (let i = 0; i < 8; i++) nonce[IV_LENGTH - 8 + i]! ^= sequence[i]!;
    this.sequence++;
    if (record.payload.length < TAG_LENGTH + 1) return undefined;
    try {
      const decipher = createDecipheriv(this.aead.cipher as CipherGCMTypes, this.key, nonce, { authTagLength: TAG_LENGTH });
      decipher.setAAD(record.header);
      decipher.setAuthTag(record.payload.subarray(-TAG_LENGTH));
      const plain = Buffer.concat([decipher.update(record.payload.subarray(0, -TAG_LENGTH)), decipher.final()]);
      let end = plain.length;
      while (end > 0 && plain[end - 1] === 0) end--;
      if (end === 0) return undefined;
      return { type: plain[end - 1]!, content: plain.subarray(0, end - 1) };
    } catch {
      return undefined;
    }
  }
}
