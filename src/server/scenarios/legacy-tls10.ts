import type { Scenario } from './types.js';

export const legacyTls10: Scenario = {
  name: 'legacy-tls10',
  summary: 'TLS 1.0 only, a 1024-bit RSA key, AES256-SHA: what a modern client refuses',
  lesson: {
    demonstrates:
      'An old appliance: TLS 1.0, RSA key exchange (no forward secrecy) and a 1024-bit key. ' +
      'OpenSSL 3 refuses all of it at its default security level, so a default client cannot talk TLS to it.',
    try: [
      'EHLO workshop.test, STARTTLS: the handshake fails',
      'smtp-explorer --scenario legacy-tls10 --tls-min TLSv1 (lowers the client\'s security level), STARTTLS again',
      'read the TLS pane: protocol, cipher, key size',
    ],
    lookFor: [
      'the failed handshake: the server\'s protocol_version alert, with the advice to retry with --tls-min TLSv1',
      'TLSv1 · TLS_RSA_WITH_AES_256_CBC_SHA (OpenSSL calls it AES256-SHA): RSA key exchange, so whoever gets the key later decrypts recorded sessions',
      'strength ✗ for the 1024-bit key',
    ],
  },
  server: () => ({
    engine: 'smtp-server',
    options: { tls: { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'AES256-SHA:@SECLEVEL=0' } },
    certificate: { keyType: 'rsa', rsaBits: 1024 },
  }),
};
