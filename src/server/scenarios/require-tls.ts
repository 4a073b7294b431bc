import type { Scenario } from './types.js';

export const requireTls: Scenario = {
  name: 'require-tls',
  summary: 'MAIL before STARTTLS is refused with 530 5.7.0',
  lesson: {
    demonstrates:
      'A server that takes no mail in plaintext (Postfix: smtpd_tls_security_level = encrypt). ' +
      'It still greets and answers EHLO in the clear; the refusal comes at MAIL.',
    try: [
      'EHLO workshop.test, then MAIL FROM:<you@example.org> straight away',
      'STARTTLS, EHLO workshop.test again, and the same MAIL FROM',
    ],
    lookFor: [
      '530 5.7.0 Must issue a STARTTLS command first — and what the explanation says about it',
      'the same MAIL accepted once the marks show ~>',
      'in script mode the 530 stops the script with exit code 1',
    ],
  },
  server: () => ({
    engine: 'smtp-server',
    options: {
      policy: {
        mailFrom: (_address, session) =>
          session.secure ? undefined : { code: 530, enhanced: '5.7.0', message: 'Must issue a STARTTLS command first' },
      },
    },
  }),
};
