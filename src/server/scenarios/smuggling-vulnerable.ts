import type { Scenario } from './types.js';

export const smugglingVulnerable: Scenario = {
  name: 'smuggling-vulnerable',
  summary: 'takes LF.LF as the end of DATA: SMTP smuggling',
  lesson: {
    demonstrates:
      'SMTP smuggling: this server ends a message at "\\n.\\n" (a bare LF is a line end to it), while a ' +
      'correct server waits for "\\r\\n.\\r\\n". Whatever follows the early end is read as new commands, so ' +
      'one message carries a second one that the sending side never saw.',
    try: [
      'EHLO workshop.test, MAIL FROM:<you@example.org>, RCPT TO:<friend@example.org>, DATA',
      '/raw, then: Subject: one\\r\\n\\r\\nhello\\n.\\nMAIL FROM:<ceo@example.org>\\r\\nRCPT TO:<friend@example.org>\\r\\nDATA\\r\\nSubject: smuggled\\r\\n\\r\\npay the invoice\\r\\n.\\r\\n',
      '/mailbox: count the messages',
      'the same line against --scenario default',
    ],
    lookFor: [
      '250 right after "\\n.\\n": the server took it as the end of the message',
      'then four replies nobody asked for (<**): the smuggled MAIL, RCPT, DATA and its end',
      '/mailbox lists a message from ceo@example.org, a sender no envelope of yours named',
      'the default scenario answers once, after the final "\\r\\n.\\r\\n": one message, the smuggled commands are only text in it',
    ],
  },
  server: () => ({ engine: 'naive' }),
};
