/**
 * The phase of the dialogue for the status bar: it moves along greeting, EHLO, TLS, AUTH, MAIL, RCPT, DATA as the
 * server accepts each step, and a refusal leaves it where it was. A message accepted keeps DATA until the next MAIL;
 * RSET goes back to where the session stood before the transaction.
 */
import type { Awaited } from '../core/connection.js';
import type { Phase } from './store.js';

export interface PhaseTrack {
  phase: Phase;
  /** The last phase reached before a mail transaction (greeting, EHLO, TLS or AUTH): where RSET returns. */
  ready: Phase;
}

const TRANSACTION: ReadonlySet<Phase> = new Set(['MAIL', 'RCPT', 'DATA']);
/** After TLS or AUTH, EHLO again is part of that step (a new EHLO is required after STARTTLS), not a step back. */
const BEYOND_EHLO: ReadonlySet<Phase> = new Set(['TLS', 'AUTH']);

function reached(track: PhaseTrack, phase: Phase): PhaseTrack {
  return { phase, ready: TRANSACTION.has(phase) ? track.ready : phase };
}

export function phaseAfterReply(track: PhaseTrack, verb: Awaited, code: number): PhaseTrack {
  // The end of DATA ends the transaction whatever the answer: the message was taken or refused as a whole.
  if (verb === 'data-end') return track;
  if (code < 200 || code >= 400) return track;
  switch (verb) {
    case 'greeting':
      return reached(track, 'greeting');
    case 'EHLO':
    case 'HELO':
    case 'LHLO':
      // EHLO in a transaction ends it (RFC 5321 §4.1.4): back to where the session stood, at least EHLO.
      return reached(track, BEYOND_EHLO.has(track.ready) ? track.ready : 'EHLO');
    case 'STARTTLS':
      return reached(track, 'TLS');
    case 'AUTH':
    case 'auth-response':
      return reached(track, 'AUTH');
    case 'MAIL':
      return reached(track, 'MAIL');
    case 'RCPT':
      return reached(track, 'RCPT');
    case 'DATA':
    case 'BDAT':
      return reached(track, 'DATA');
    case 'RSET':
      return { ...track, phase: track.ready };
    default:
      return track;
  }
}
