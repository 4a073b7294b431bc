/**
 * The first TLS handshake of a Node process builds the bundled root-certificate store (~19 ms here; every later
 * context shares it). Built while a connection waits for the server (its greeting, EHLO's reply), it no longer
 * holds up the STARTTLS handshake. Against a server that greets at once it saves the wait; against one that
 * holds its greeting (smtp-server holds it 100 ms) it saves all of it.
 */
import { createSecureContext } from 'node:tls';
import type { ConnectionOptions } from './connection-events.js';

let prepared = false;

/** Whether a handshake on this connection would check against the bundled roots: no CA of the user's. */
export function usesBundledRoots(options: Pick<ConnectionOptions, 'tls'>): boolean {
  return options.tls?.ca === undefined;
}

/** Builds the store once the current I/O is under way (a connect just started), not before it. */
export function prepareRootStore(): void {
  if (prepared) return;
  prepared = true;
  setImmediate(() => createSecureContext());
}
