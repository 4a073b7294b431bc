/**
 * TLS over an open TCP socket (STARTTLS, or implicit TLS right after connect), through the tap that watches the
 * handshake records, with the key-log lines, the OCSP staple and the resumable session handed out on the way.
 */
import type net from 'node:net';
import tls from 'node:tls';
import { contextErrorWords } from './tls-context-check.js';
import { HandshakeObserver } from './tls-handshake.js';
import type { StrayByteCatcher } from './tls-stray-bytes.js';
import { TlsTap } from './tls-tap.js';

export interface TlsUpgradeHooks {
  /** Each NSS key-log line, as Node hands it out. */
  onKeylog(line: Buffer): void;
  /** The latest resumable session: TLS 1.3 tickets arrive after the handshake. */
  onSession(session: Buffer): void;
  /** The handshake finished; the socket stays paused until `onReady` has run. */
  onConnected(): void;
  /** Everything the report needs is in; whatever arrived with the last flight is still held back. */
  onReady(facts: { handshakeMs: number; ocspResponse?: Buffer }): void;
}

export interface TlsUpgrade {
  socket: tls.TLSSocket;
  observer: HandshakeObserver;
  /** What the server sent that was not TLS, over the whole session. */
  stray: StrayByteCatcher;
}

export function upgradeToTls(plain: net.Socket, options: tls.ConnectionOptions, hooks: TlsUpgradeHooks): TlsUpgrade {
  plain.removeAllListeners('data');
  plain.removeAllListeners('error');
  plain.removeAllListeners('close');
  // The TLS socket reports errors from here on; an unhandled one on the raw socket must not crash the process.
  plain.on('error', () => undefined);
  const observer = new HandshakeObserver();
  const tap = new TlsTap(plain, (from, chunk) => observer.observe(from, chunk));
  const started = Date.now();
  // requestOCSP reaches the TLSSocket through tls.connect, though @types/node leaves it out of ConnectionOptions.
  const connectOptions: tls.ConnectionOptions & { requestOCSP: boolean } = { ...options, socket: tap, requestOCSP: true };
  let socket: tls.TLSSocket;
  try {
    socket = tls.connect(connectOptions);
  } catch (error) {
    return { socket: refusedSocket(tap, error as Error & { code?: string }), observer, stray: tap.stray };
  }
  let ocspResponse: Buffer | undefined;
  socket.on('keylog', (line: Buffer) => {
    observer.keylog(line);
    hooks.onKeylog(line);
  });
  socket.once('OCSPResponse', (response: Buffer) => (ocspResponse = response));
  socket.on('session', (session: Buffer) => hooks.onSession(session));
  socket.once('secureConnect', () => {
    hooks.onConnected();
    // Node says "connected" before its last handshake flight reaches the tap (TLS 1.3): let it pass first, and
    // hold back whatever arrived with it until the report is out.
    socket.pause();
    setImmediate(() => {
      tap.detach();
      // A reset in that moment already failed the connection: a destroyed socket has nothing left to report.
      if (socket.destroyed) return;
      hooks.onReady({ handshakeMs: Date.now() - started, ...(ocspResponse ? { ocspResponse } : {}) });
      socket.resume();
    });
  });
  return { socket, observer, stray: tap.stray };
}

/**
 * Node builds the secure context inside tls.connect and throws there when OpenSSL refuses an option. Callers learn
 * of failures from the socket's 'error' event, so the refusal goes there too: destroy emits it on the next tick,
 * after the caller has attached its listeners, and the connection reports a TLS failure instead of crashing.
 */
function refusedSocket(tap: TlsTap, error: Error & { code?: string }): tls.TLSSocket {
  const refusal = Object.assign(new Error(`the TLS options were refused before the handshake: ${contextErrorWords(error)}`), {
    ...(error.code ? { code: error.code } : {}),
  });
  // A context of its own: the options that made tls.connect throw would make this constructor throw too. It is
  // never used: destroying the socket ends the tap and the TCP socket under it, and no handshake has begun.
  const socket = new tls.TLSSocket(tap, { secureContext: tls.createSecureContext({ ca: [] }) });
  socket.destroy(refusal);
  return socket;
}
