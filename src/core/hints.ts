/**
 * After each positive reply, one line on what usually comes next: the step a workshop student is looking for.
 * A refusal gets none: its explanation (codes.ts) already says what to do, and both script mode and the
 * explorer show that under it.
 */
import type { Awaited } from './connection.js';
import { parseEhlo } from './ehlo.js';
import type { Capabilities } from './ehlo.js';
import type { Reply } from './reply.js';
import { printable } from './printable.js';

export type HintReply = Pick<Reply, 'code' | 'lines'>;

const START_MESSAGE = 'MAIL FROM:<you@example.org> starts a message';

function afterEhlo(capabilities: Capabilities, tls: boolean): string {
  if (!tls && capabilities.starttls) return 'STARTTLS, before anything else; then EHLO again (the server may offer more over TLS)';
  const plaintext = tls ? '' : 'no STARTTLS offered: everything goes in plaintext. ';
  const auth = capabilities.auth;
  if (auth.length === 0) return `${plaintext}${START_MESSAGE}`;
  // The mechanisms are the server's words: escaped here, so no caller can print them raw.
  const mechanism = auth.includes('PLAIN') ? 'PLAIN' : printable(auth[0]!);
  return `${plaintext}AUTH ${mechanism} to log in (offered: ${printable(auth.join(' '))}), or ${START_MESSAGE}`;
}

/** Once the handshake after STARTTLS is done: the hint for the 220 spoke of a handshake that is now behind. */
export const AFTER_STARTTLS_HANDSHAKE = 'EHLO again: TLS is up, the server forgot everything said before it, and may offer more now (AUTH)';

/**
 * `verb` is what the reply answers (`connection` events carry it); `tls` whether it came over TLS. The
 * capabilities that matter are those of an EHLO reply, read from the reply itself.
 */
export function nextStepHint(verb: Awaited, reply: HintReply, tls: boolean): string | undefined {
  const { code } = reply;
  if (code < 200 || code >= 400) return undefined;
  switch (verb) {
    case 'greeting':
      return 'EHLO your.host.name: introduce yourself; the reply lists what the server offers';
    case 'EHLO':
    case 'LHLO':
      return afterEhlo(parseEhlo(reply), tls);
    case 'HELO':
      return `${START_MESSAGE} (HELO lists no extensions; EHLO would)`;
    case 'STARTTLS':
      return 'the TLS handshake, then EHLO again: forget everything the server said before TLS';
    case 'AUTH':
    case 'auth-response':
      if (code === 334) return 'answer in base64 on a line of its own (a lone * cancels)';
      return tls ? `logged in: ${START_MESSAGE}` : `logged in, but in plaintext: anyone on the path could read that password. ${START_MESSAGE}`;
    case 'MAIL':
      return 'RCPT TO:<friend@example.org>, once for each recipient';
    case 'RCPT':
      return 'DATA to send the message, or another RCPT TO for one more recipient';
    case 'DATA':
      return 'the message: headers, an empty line, the body; then a line with only "." to end it';
    case 'data-end':
      return 'the message is accepted: another MAIL FROM for one more, or QUIT';
    case 'RSET':
      return `the transaction is cleared: ${START_MESSAGE}`;
    default:
      return undefined;
  }
}
