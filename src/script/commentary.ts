/**
 * What script mode says under a reply, as `===` lines, so a transcript read later teaches as the screen does: what
 * a refusal means, and how the capabilities changed across STARTTLS.
 */
import { explainReply } from '../core/codes.js';
import type { ConnectionEvent } from '../core/connection.js';
import { describeChanges, diffCapabilities, parseEhlo } from '../core/ehlo.js';
import type { Capabilities, CapabilityChange } from '../core/ehlo.js';
import { explanationLine } from '../core/explanation-text.js';
import { printable } from '../core/printable.js';

export interface WordedChange {
  change: CapabilityChange;
  /** Quotes server text: escape it before printing. */
  text: string;
}

export function wordedChanges(preTls: Capabilities, postTls: Capabilities): WordedChange[] {
  const changes = diffCapabilities(preTls, postTls);
  const words = describeChanges(changes);
  return changes.map((change, i) => ({ change, text: words[i]! }));
}

/**
 * The `===` lines (escaped, safe to print) a connection event calls for: under every 4xx/5xx reply its explanation; under a 250 to EHLO
 * over TLS, what changed since the EHLO before STARTTLS (`preTls`).
 */
export function commentary(event: ConnectionEvent, preTls: Capabilities | undefined): string[] {
  if (event.type !== 'reply' || !event.reply.complete) return [];
  const { reply } = event;
  // All the lines: a known wording may be on the last line of a multi-line refusal.
  if (reply.code >= 400) {
    const context = { tls: event.tls, authenticated: event.authenticated === true };
    return [explanationLine(explainReply(reply.code, reply.enhanced?.text, reply.lines.join(' '), context))];
  }
  const ehlo = event.answers?.verb === 'EHLO' || event.answers?.verb === 'LHLO';
  if (!ehlo || !event.tls || !preTls || reply.code !== 250) return [];
  const changes = wordedChanges(preTls, parseEhlo(reply));
  return changes.length === 0 ? ['the capabilities did not change after STARTTLS'] : changes.map(({ text }) => printable(text));
}
