/**
 * Where the connection stands, for the TLS pane: open or not, whether TLS was to start, and why it ended; and the
 * pane's first lines when there is no TLS. The store keeps no record of a failed handshake (status says only
 * "closed"), so that is read from the transcript's tail: what the session said after its last exchange with the
 * server, back to the connection's `Trying` line.
 */
import type { Capabilities } from '../core/ehlo.js';
import { printable } from '../core/printable.js';
import type { Ring } from '../session/ring.js';
import type { SessionEntry, SessionState } from '../session/store.js';
import type { PaneLine } from './tls-view.js';

export interface TlsLink {
  /** Closed, or never opened: nothing more goes out on it. */
  closed: boolean;
  /** The server's 220 to STARTTLS was the last exchange and TLS is not up: the handshake runs, or it failed. */
  handshake: boolean;
  /** The session's first error line after the last exchange: why TLS failed or the connection ended. */
  reason?: string;
}

export const OPEN_LINK: TlsLink = { closed: false, handshake: false };

/** Far enough for a connection's last words; a flood of them is cut at the ring's own bounds anyway. */
const LOOK_BACK = 50;
const EXCHANGE: ReadonlySet<SessionEntry['kind']> = new Set(['sent', 'received', 'unsolicited']);

/** The first entry of every connection (core/transcript.ts): what comes before it belongs to another one. */
function startsConnection(entry: SessionEntry): boolean {
  return entry.kind === 'info' && entry.text.startsWith('Trying ');
}

function tail(ring: Ring<SessionEntry>): { last?: SessionEntry; reason?: string } {
  let reason: string | undefined;
  for (let seq = ring.end - 1; seq >= Math.max(ring.first, ring.end - LOOK_BACK); seq--) {
    const entry = ring.get(seq);
    if (!entry || startsConnection(entry)) break;
    if (EXCHANGE.has(entry.kind)) return { last: entry, ...(reason ? { reason } : {}) };
    // Entries with bytes are evidence (bytes discarded before TLS), not the reason; the earliest error is.
    if (entry.kind === 'error' && !entry.raw) reason = entry.text;
  }
  return reason ? { reason } : {};
}

/** Primitives only, so that a shallow selector sees "unchanged" while nothing changed. */
export function tlsLink(state: SessionState): TlsLink {
  const { status, tls } = state;
  const closed = !status.connected && status.phase === 'closed';
  // While connecting, the tail still belongs to the connection before until the `Trying` line comes.
  if (!closed && status.phase !== 'TLS') return OPEN_LINK;
  const { last, reason } = tail(state.transcript.ring);
  const handshake = !tls.report && last?.kind === 'received' && last.answers?.verb === 'STARTTLS' && last.code === 220;
  return { closed, handshake, ...(closed && reason ? { reason } : {}) };
}

/** Why it ended, in the session's words, and how to go on: no SMTP step is worth advising on a closed connection. */
export function ended(link: TlsLink): PaneLine[] {
  const reopen: PaneLine = { text: 'No connection is open: /reconnect or /connect HOST[:PORT] opens one.', tone: 'muted' };
  return link.reason ? [{ text: `  ${printable(link.reason)}`, tone: 'problem' }, reopen] : [reopen];
}

/** No TLS: closed (after STARTTLS's 220, TLS failed), the handshake under way, or plaintext with the next step. */
export function withoutTls(caps: Capabilities | undefined, link: TlsLink): PaneLine[] {
  if (link.closed && link.handshake) {
    return [
      { text: 'TLS FAILED — the connection is closed', tone: 'insecure', heading: true },
      { text: 'The server accepted STARTTLS, but the TLS handshake did not complete: nothing was encrypted.' },
      ...ended(link),
    ];
  }
  if (link.closed) return [{ text: 'NOT CONNECTED — the connection is closed', tone: 'insecure', heading: true }, ...ended(link)];
  if (link.handshake) {
    return [
      { text: 'STARTTLS ACCEPTED — the TLS handshake is under way', tone: 'warning', heading: true },
      { text: 'Nothing is encrypted until it completes (Esc gives up).' },
    ];
  }
  return plaintext(caps);
}

function plaintext(caps: Capabilities | undefined): PaneLine[] {
  const lines: PaneLine[] = [
    { text: 'PLAINTEXT — nothing is encrypted', tone: 'insecure', heading: true },
    { text: 'Anyone on the path can read and change every line, passwords included.' },
  ];
  if (!caps) lines.push({ text: 'Send EHLO to see whether the server offers STARTTLS.', tone: 'muted' });
  else if (caps.starttls) lines.push({ text: 'The server offers STARTTLS: send it to encrypt, then EHLO again.', tone: 'accent' });
  else lines.push({ text: 'The server did not offer STARTTLS.', tone: 'warning' });
  return lines;
}
