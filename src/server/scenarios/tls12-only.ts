import type { Scenario } from './types.js';

export const tls12Only: Scenario = {
  name: 'tls12-only',
  summary: 'TLS 1.2 and nothing else: read a TLS 1.2 handshake',
  lesson: {
    demonstrates:
      'A server that stops at TLS 1.2, as many still do. TLS 1.2 names the key exchange in the cipher suite ' +
      '(ECDHE-…) where TLS 1.3 keeps it apart.',
    try: [
      'EHLO workshop.test, STARTTLS, and read the TLS pane',
      'smtp-explorer --scenario tls12-only --tls-min TLSv1.3: a client that insists on TLS 1.3',
      'smtp-explorer serve --scenario tls12-only, then smtp-explorer --probe-tls 127.0.0.1:PORT',
    ],
    lookFor: [
      'TLSv1.2 with an ECDHE suite: forward secrecy, still fine today',
      'with --tls-min TLSv1.3 the handshake fails with a protocol version alert: nothing in common',
    ],
  },
  server: () => ({ engine: 'smtp-server', options: { tls: { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' } } }),
};
