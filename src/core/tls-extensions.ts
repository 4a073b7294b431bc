/** The extension lists that hellos and a TLS 1.3 CertificateRequest carry, and the codes of the extensions we read. */
import { extensionName } from './tls-names.js';
import type { Reader } from './tls-reader.js';

export const EXT_SERVER_NAME = 0;
export const EXT_STATUS_REQUEST = 5;
export const EXT_SUPPORTED_GROUPS = 10;
export const EXT_SIGNATURE_ALGORITHMS = 13;
export const EXT_ALPN = 16;
export const EXT_EXTENDED_MASTER_SECRET = 23;
export const EXT_SESSION_TICKET = 35;
export const EXT_PRE_SHARED_KEY = 41;
export const EXT_SUPPORTED_VERSIONS = 43;
export const EXT_CERTIFICATE_AUTHORITIES = 47;
export const EXT_KEY_SHARE = 51;
export const EXT_RENEGOTIATION_INFO = 0xff01;

export interface Extension {
  type: number;
  data: Buffer;
}

/** A message may end where its extensions would start: that is no extensions, not a malformed message. */
export function readExtensions(reader: Reader): Extension[] {
  if (reader.remaining === 0) return [];
  const list = reader.vector(2);
  const result: Extension[] = [];
  while (list.remaining > 0) result.push({ type: list.u16(), data: list.bytesOf(2) });
  return result;
}

export const extensionNames = (list: Extension[]): string[] => list.map((extension) => extensionName(extension.type));
export const findExtension = (list: Extension[], type: number): Buffer | undefined => list.find((e) => e.type === type)?.data;
