import { PLAIN_LOGIN } from '../login.js';
import type { Scenario } from './types.js';

export const implicitTls: Scenario = {
  name: 'implicit-tls',
  summary: 'TLS from the first byte, as on port 465 (submissions)',
  lesson: {
    demonstrates:
      'Implicit TLS (RFC 8314): the handshake comes before any SMTP, so nothing is ever sent in plaintext and ' +
      'there is no STARTTLS to strip.',
    try: [
      'smtp-explorer --scenario implicit-tls: it connects with TLS at once',
      `EHLO workshop.test, then AUTH PLAIN ${PLAIN_LOGIN} right away`,
      'smtp-explorer serve --scenario implicit-tls, then smtp-explorer 127.0.0.1:PORT without --tls-on-connect',
    ],
    lookFor: [
      'the TLS lines come before the 220 greeting, and every mark is ~> or <~',
      'no STARTTLS in the EHLO reply; AUTH is offered at once',
      'without --tls-on-connect no greeting ever comes: the server waits for a TLS ClientHello',
    ],
  },
  server: () => ({ engine: 'smtp-server', options: { secure: true } }),
};
