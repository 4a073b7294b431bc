import { PLAIN_LOGIN } from '../login.js';
import type { Scenario } from './types.js';

export const authAnywhere: Scenario = {
  name: 'auth-anywhere',
  summary: 'AUTH offered and accepted in plaintext: what not to do',
  lesson: {
    demonstrates:
      'A server that lets clients log in before TLS. AUTH PLAIN is base64, not encryption: anyone on the path ' +
      'reads the password.',
    try: [
      'EHLO workshop.test: AUTH is offered next to STARTTLS',
      `AUTH PLAIN ${PLAIN_LOGIN} without STARTTLS`,
      `in a shell: echo ${PLAIN_LOGIN} | base64 -d | tr '\\0' ' '`,
    ],
    lookFor: [
      '235 under -> and <- marks: the password crossed the network readable',
      'the explorer masks it on screen and in exports; a packet capture would not',
      'compare with --scenario default, where AUTH appears only after STARTTLS',
    ],
  },
  server: () => ({ engine: 'smtp-server', options: { authBeforeTls: true } }),
};
