import { PLAIN_LOGIN } from '../login.js';
import type { Scenario } from './types.js';

export const defaultScenario: Scenario = {
  name: 'default',
  summary: 'the classic Exim: STARTTLS, a self-signed certificate, AUTH only after TLS',
  lesson: {
    demonstrates:
      'A typical mail server: it greets in plaintext, offers STARTTLS, and offers AUTH only once TLS is up. ' +
      'Its certificate is self-signed, so nobody vouches for it.',
    try: [
      'EHLO workshop.test',
      `AUTH PLAIN ${PLAIN_LOGIN} — before TLS`,
      'STARTTLS, then EHLO workshop.test again',
      `AUTH PLAIN ${PLAIN_LOGIN} (student / workshop)`,
      'MAIL FROM:<you@example.org>, RCPT TO:<friend@example.org>, DATA, a message, a lone ".", QUIT',
    ],
    lookFor: [
      'before TLS: no AUTH in the EHLO reply, and 503 AUTH command used when not advertised',
      'after STARTTLS the marks turn from -> <- into ~> <~ and the second EHLO offers AUTH',
      'the TLS pane: chain ✗ self-signed, but dates and hostname ✓',
    ],
  },
  server: () => ({ engine: 'smtp-server', options: {} }),
};
