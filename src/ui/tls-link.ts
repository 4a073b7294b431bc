/**
 * Where the connection stands, for the TLS pane: open or not, whether a TLS handshake was to run, and why it
 * ended; and the pane's first lines when there is no TLS.
 */
import type { Capabilities } from '../core/ehlo.js';
import { printable } from '../core/printable.js';
import type { SessionState, StatusSlice } from '../session/store.js';
import type { PaneLine } from './tls-view.js';

export interface TlsLink {
  /** Closed, or never opened: nothing more goes out on it. */
  closed: boolean;
  /** TLS was to start and is not up: the handshake runs, or it failed. */
  handshake?: NonNullable<StatusSlice['tlsStarting']>;
  /** Why the connection ended, in the session's words. */
  reason?: string;
  /** The server answered STARTTLS with this code, not 220. */
  refused?: number;
}

export const OPEN_LINK: TlsLink = { closed: false };

/** Primitives only, so that a shallow selector sees "unchanged" while nothing changed. */
export function tlsLink(state: SessionState): TlsLink {
  const { status, tls } = state;
  const closed = !status.connected && status.phase === 'closed';
  const handshake = tls.report ? undefined : status.tlsStarting;
  const refused = tls.report ? undefined : status.startTlsRefused;
  if (!closed && !handshake && refused === undefined) return OPEN_LINK;
  return {
    closed,
    ...(handshake ? { handshake } : {}),
    ...(closed && status.failure !== undefined ? { reason: status.failure } : {}),
    ...(refused !== undefined ? { refused } : {}),
  };
}

/** Why it ended, in the session's words, and how to go on: no SMTP step is worth advising on a closed connection. */
export function ended(link: TlsLink): PaneLine[] {
  const reopen: PaneLine = { text: 'No connection is open: /reconnect or /connect HOST[:PORT] opens one.', tone: 'muted' };
  return link.reason ? [{ text: `  ${printable(link.reason)}`, tone: 'problem' }, reopen] : [reopen];
}

/** No TLS: closed (after STARTTLS's 220, TLS failed), the handshake under way, or plaintext with the next step. */
export function withoutTls(caps: Capabilities | undefined, link: TlsLink): PaneLine[] {
  const accepted = link.handshake === 'starttls' ? 'The server accepted STARTTLS, but the' : 'The';
  if (link.closed && link.handshake) {
    return [
      { text: 'TLS FAILED — the connection is closed', tone: 'insecure', heading: true },
      { text: `${accepted} TLS handshake did not complete: nothing was encrypted.` },
      ...ended(link),
    ];
  }
  if (link.closed) return [{ text: 'NOT CONNECTED — the connection is closed', tone: 'insecure', heading: true }, ...ended(link)];
  if (link.handshake) {
    const heading = link.handshake === 'starttls' ? 'STARTTLS ACCEPTED — the TLS handshake is under way' : 'TLS FROM THE FIRST BYTE — the handshake is under way';
    return [
      { text: heading, tone: 'warning', heading: true },
      { text: 'Nothing is encrypted until it completes (Esc gives up).' },
    ];
  }
  return plaintext(caps, link.refused);
}

function plaintext(caps: Capabilities | undefined, refused: number | undefined): PaneLine[] {
  const lines: PaneLine[] = [
    { text: 'PLAINTEXT — nothing is encrypted', tone: 'insecure', heading: true },
    { text: 'Anyone on the path can read and change every line, passwords included.' },
  ];
  if (refused !== undefined) {
    lines.push({ text: `The server answered STARTTLS with ${refused}: it did not start TLS, so going on is unencrypted.`, tone: 'warning' });
  } else if (!caps) lines.push({ text: 'Send EHLO to see whether the server offers STARTTLS.', tone: 'muted' });
  else if (caps.starttls) lines.push({ text: 'The server offers STARTTLS: send it to encrypt, then EHLO again.', tone: 'accent' });
  else lines.push({ text: 'The server did not offer STARTTLS.', tone: 'warning' });
  return lines;
}
