import type { Scenario } from './types.js';

const CERTIFICATE_NAME = 'mail.example.net';

export const wrongHost: Scenario = {
  name: 'wrong-host',
  summary: `a certificate for ${CERTIFICATE_NAME}, not for the host you connect to`,
  lesson: {
    demonstrates:
      'A valid-looking certificate for another name: what a client sees when a server is misconfigured, or ' +
      'when someone in between presents their own certificate.',
    try: [
      'EHLO workshop.test, STARTTLS, and read the TLS pane',
      `smtp-explorer --scenario wrong-host --servername ${CERTIFICATE_NAME}: the name the client checks changes`,
      'smtp-explorer --scenario wrong-host --strict-tls',
    ],
    lookFor: [
      `hostname ✗: the certificate names ${CERTIFICATE_NAME} only`,
      'the name checked is the one the client asked for (SNI / --servername), not the one the server claims',
      'with --strict-tls the client stops at the first check that fails (exit code 2): here the self-signed chain',
    ],
  },
  server: () => ({ engine: 'smtp-server', options: {}, certificate: { commonName: CERTIFICATE_NAME, altNames: [CERTIFICATE_NAME] } }),
};
