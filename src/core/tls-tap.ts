/**
 * A Duplex between the TCP socket and Node's TLS: every byte passes through unchanged, and both directions are shown
 * to an observer first. Node reads a plain net.Socket from C++, out of JavaScript's sight, so this is the only place
 * the raw records of our own handshake can be seen. It stops showing them once the observer is done with them, but
 * goes on following the server's record boundaries for the whole session, to keep whatever is not TLS.
 */
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import type { Side } from './tls-handshake.js';
import { StrayByteCatcher } from './tls-stray-bytes.js';

export type RecordWatcher = (from: Side, chunk: Buffer) => void;

export class TlsTap extends Duplex {
  private watcher: RecordWatcher | undefined;
  /** Before Node's TLS reads them: OpenSSL drops bytes that are not TLS with only "wrong version number". */
  readonly stray = new StrayByteCatcher();

  constructor(
    private readonly socket: Socket,
    watcher: RecordWatcher,
  ) {
    super({ allowHalfOpen: false });
    this.watcher = watcher;
    socket.on('data', (chunk: Buffer) => {
      this.watcher?.('server', chunk);
      this.stray.push(chunk);
      if (!this.push(chunk)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('error', (error) => this.destroy(error));
    socket.on('close', () => this.destroy());
  }

  /** From here on bytes only pass through. */
  detach(): void {
    this.watcher = undefined;
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.watcher?.('client', chunk);
    this.socket.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }
}
