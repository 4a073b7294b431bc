import type { Scenario } from './types.js';

export const stripStarttls: Scenario = {
  name: 'strip-starttls',
  summary: 'STARTTLS not advertised, as behind a middlebox that strips it',
  lesson: {
    demonstrates:
      'STARTTLS stripping: something between client and server removes STARTTLS from the EHLO reply, and a ' +
      'client that uses TLS only when offered goes on in plaintext. Here the server still accepts STARTTLS.',
    try: [
      'EHLO workshop.test: look for STARTTLS',
      'STARTTLS anyway',
      'compare with --scenario default',
    ],
    lookFor: [
      'no STARTTLS (and so no AUTH) in the EHLO reply',
      'the explorer warns that STARTTLS was not advertised, then the upgrade works: the server never stopped offering it',
      'why MTA-STS and DANE exist: they tell a sender to insist on TLS',
    ],
  },
  server: () => ({ engine: 'smtp-server', options: { starttls: 'hidden' } }),
};
