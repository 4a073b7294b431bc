/** IANA names for the numbers a TLS handshake carries, so the timeline reads as words, with the number kept beside. */
import { CIPHER_SUITES } from './tls-suites.js';

/** Node's spelling (`getProtocol()`), so offered and chosen versions compare with the report's protocol. */
const VERSIONS: Readonly<Record<number, string>> = {
  0x0300: 'SSLv3',
  0x0301: 'TLSv1',
  0x0302: 'TLSv1.1',
  0x0303: 'TLSv1.2',
  0x0304: 'TLSv1.3',
};

const GROUPS: Readonly<Record<number, string>> = {
  21: 'secp224r1',
  22: 'secp256k1',
  23: 'secp256r1',
  24: 'secp384r1',
  25: 'secp521r1',
  26: 'brainpoolP256r1',
  27: 'brainpoolP384r1',
  28: 'brainpoolP512r1',
  29: 'x25519',
  30: 'x448',
  31: 'brainpoolP256r1tls13',
  32: 'brainpoolP384r1tls13',
  33: 'brainpoolP512r1tls13',
  256: 'ffdhe2048',
  257: 'ffdhe3072',
  258: 'ffdhe4096',
  259: 'ffdhe6144',
  260: 'ffdhe8192',
};

const SIGNATURE_SCHEMES: Readonly<Record<number, string>> = {
  0x0101: 'rsa_pkcs1_md5',
  0x0201: 'rsa_pkcs1_sha1',
  0x0202: 'dsa_sha1',
  0x0203: 'ecdsa_sha1',
  0x0301: 'rsa_pkcs1_sha224',
  0x0302: 'dsa_sha224',
  0x0303: 'ecdsa_sha224',
  0x0401: 'rsa_pkcs1_sha256',
  0x0402: 'dsa_sha256',
  0x0403: 'ecdsa_secp256r1_sha256',
  0x0501: 'rsa_pkcs1_sha384',
  0x0502: 'dsa_sha384',
  0x0503: 'ecdsa_secp384r1_sha384',
  0x0601: 'rsa_pkcs1_sha512',
  0x0602: 'dsa_sha512',
  0x0603: 'ecdsa_secp521r1_sha512',
  0x0804: 'rsa_pss_rsae_sha256',
  0x0805: 'rsa_pss_rsae_sha384',
  0x0806: 'rsa_pss_rsae_sha512',
  0x0807: 'ed25519',
  0x0808: 'ed448',
  0x0809: 'rsa_pss_pss_sha256',
  0x080a: 'rsa_pss_pss_sha384',
  0x080b: 'rsa_pss_pss_sha512',
  0x081a: 'ecdsa_brainpoolP256r1tls13_sha256',
  0x081b: 'ecdsa_brainpoolP384r1tls13_sha384',
  0x081c: 'ecdsa_brainpoolP512r1tls13_sha512',
};

const EXTENSIONS: Readonly<Record<number, string>> = {
  0: 'server_name',
  1: 'max_fragment_length',
  5: 'status_request',
  10: 'supported_groups',
  11: 'ec_point_formats',
  13: 'signature_algorithms',
  14: 'use_srtp',
  15: 'heartbeat',
  16: 'application_layer_protocol_negotiation',
  18: 'signed_certificate_timestamp',
  21: 'padding',
  22: 'encrypt_then_mac',
  23: 'extended_master_secret',
  27: 'compress_certificate',
  28: 'record_size_limit',
  35: 'session_ticket',
  41: 'pre_shared_key',
  42: 'early_data',
  43: 'supported_versions',
  44: 'cookie',
  45: 'psk_key_exchange_modes',
  47: 'certificate_authorities',
  48: 'oid_filters',
  49: 'post_handshake_auth',
  50: 'signature_algorithms_cert',
  51: 'key_share',
  0xff01: 'renegotiation_info',
};

export const ALERTS: Readonly<Record<number, string>> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  21: 'decryption_failed',
  22: 'record_overflow',
  30: 'decompression_failure',
  40: 'handshake_failure',
  41: 'no_certificate',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  60: 'export_restriction',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  100: 'no_renegotiation',
  109: 'missing_extension',
  110: 'unsupported_extension',
  111: 'certificate_unobtainable',
  112: 'unrecognized_name',
  113: 'bad_certificate_status_response',
  115: 'unknown_psk_identity',
  116: 'certificate_required',
  120: 'no_application_protocol',
};

const HANDSHAKE_TYPES: Readonly<Record<number, string>> = {
  0: 'HelloRequest',
  1: 'ClientHello',
  2: 'ServerHello',
  4: 'NewSessionTicket',
  5: 'EndOfEarlyData',
  8: 'EncryptedExtensions',
  11: 'Certificate',
  12: 'ServerKeyExchange',
  13: 'CertificateRequest',
  14: 'ServerHelloDone',
  15: 'CertificateVerify',
  16: 'ClientKeyExchange',
  20: 'Finished',
  22: 'CertificateStatus',
  24: 'KeyUpdate',
  254: 'MessageHash',
};

const hex4 = (code: number): string => `0x${code.toString(16).padStart(4, '0')}`;

/** RFC 8701: values a client sprinkles in to keep servers tolerant of unknown ones; they mean nothing. */
export function isGrease(code: number): boolean {
  return (code & 0x0f0f) === 0x0a0a && code >> 8 === (code & 0xff);
}

function named(table: Readonly<Record<number, string>>, code: number): string {
  if (isGrease(code)) return `GREASE (${hex4(code)})`;
  return table[code] ?? hex4(code);
}

export const versionName = (code: number): string => named(VERSIONS, code);
export const suiteName = (code: number): string => named(CIPHER_SUITES, code);
export const groupName = (code: number): string => named(GROUPS, code);

/** OpenSSL's short names where they differ from IANA's by more than case (X25519, X448 differ by case alone). */
const OPENSSL_GROUP_ALIASES: Readonly<Record<string, string>> = {
  prime256v1: 'secp256r1',
  'p-256': 'secp256r1',
  'p-384': 'secp384r1',
  'p-521': 'secp521r1',
};

const IANA_GROUP_NAMES = new Map(Object.values(GROUPS).map((name) => [name.toLowerCase(), name]));

/**
 * A group as OpenSSL or Node names it (`prime256v1`, `X25519`) → its IANA / RFC 8446 name (`secp256r1`, `x25519`),
 * the name the handshake's numbers get here, so that one output never names a group two ways. Unknown: as given.
 */
export function ianaGroupName(name: string): string {
  const lower = name.toLowerCase();
  return OPENSSL_GROUP_ALIASES[lower] ?? IANA_GROUP_NAMES.get(lower) ?? name;
}
export const signatureSchemeName = (code: number): string => named(SIGNATURE_SCHEMES, code);
export const extensionName = (code: number): string => named(EXTENSIONS, code);
export const handshakeTypeName = (code: number): string => HANDSHAKE_TYPES[code] ?? `handshake type ${code}`;

/** `protocol_version (70)`: the form tls-errors and the timeline share. */
export function alertName(code: number): string {
  return `${ALERTS[code] ?? 'unknown alert'} (${code})`;
}
