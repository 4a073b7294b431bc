import type { Scenario } from './types.js';

export const greylist: Scenario = {
  name: 'greylist',
  summary: '451 4.7.1 to the first attempt of each sender and recipient; the retry is accepted',
  lesson: {
    demonstrates:
      'Greylisting: a server turns away mail from a sender it does not know with a temporary error. Real mail ' +
      'servers queue and retry; many spam senders never come back.',
    try: [
      'EHLO workshop.test, MAIL FROM:<you@example.org>, RCPT TO:<friend@example.org>',
      'the same RCPT TO:<friend@example.org> again',
      'in script mode: the 451 stops the script with exit code 1',
    ],
    lookFor: [
      '451 4.7.1: 4xx means "try again later", never "give up"',
      'the explanation names greylisting from the wording',
      'the second attempt of the same sender, recipient and client address gets 250',
    ],
  },
  server: () => {
    const seen = new Set<string>();
    return {
      engine: 'smtp-server',
      options: {
        policy: {
          rcptTo: (address, session) => {
            const triple = JSON.stringify([session.remoteAddress, session.sender, address]);
            if (seen.has(triple)) return undefined;
            seen.add(triple);
            return { code: 451, enhanced: '4.7.1', message: 'Greylisted, please try again later' };
          },
        },
      },
    };
  },
};
