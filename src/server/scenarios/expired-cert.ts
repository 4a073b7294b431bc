import type { Scenario } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export const expiredCert: Scenario = {
  name: 'expired-cert',
  summary: 'a certificate that expired 30 days ago',
  lesson: {
    demonstrates:
      'Certificates have an end date, and renewals get forgotten. Encryption still works; what fails is the ' +
      'promise that the key belongs to this server now.',
    try: [
      'EHLO workshop.test, STARTTLS, and read the TLS pane',
      'smtp-explorer --scenario expired-cert --strict-tls: a client that refuses unverified certificates',
    ],
    lookFor: [
      'dates ✗ with the day it expired, and verify code 10 (CERT_HAS_EXPIRED)',
      'without --strict-tls the session goes on — most MTAs do the same for opportunistic TLS',
      'with --strict-tls the client stops before sending anything over TLS (exit code 2)',
    ],
  },
  server: () => ({
    engine: 'smtp-server',
    options: {},
    certificate: { notBefore: new Date(Date.now() - 395 * DAY_MS), notAfter: new Date(Date.now() - 30 * DAY_MS) },
  }),
};
