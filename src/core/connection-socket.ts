/**
 * The socket under one connection, through its life: the TCP connect under its deadline, TLS over it (from the
 * first byte, or after STARTTLS's 220), bytes out, and its end. Which socket speaks, TCP or the TLS one over it,
 * is this module's business alone: the connection sees addresses, chunks, a TLS report, an error or a close.
 */
import type net from 'node:net';
import type tls from 'node:tls';
import type { ConnectionOptions } from './connection-events.js';
import { ConnectionTls } from './connection-tls.js';
import type { SmtpError } from './errors.js';
import { socketError } from './socket-error.js';
import type { Closer, SocketError } from './socket-error.js';
import { connectTcp } from './tcp-connect.js';
import type { Timeouts } from './timeouts.js';
import type { TlsReport } from './tls-report.js';

export interface SocketHooks {
  onConnected(addresses: { remote: string; local: string }): void;
  /** TLS is up, after STARTTLS or from the first byte; nothing read over it has been handed on yet. */
  onSecure(report: TlsReport): void;
  onData(chunk: Buffer): void;
  /** The TCP connect (nothing ever opened: `none`) or the TLS handshake (this side gave up) missed its deadline. */
  onTimeout(error: SmtpError, by: Closer): void;
  onError(error: SmtpError, by: Closer): void;
  onClose(): void;
  /** The connection has ended on its side: a late error is then no longer a failure to connect. */
  ended(): boolean;
}

export class ConnectionSocket {
  readonly tls: ConnectionTls;
  private socket: net.Socket | tls.TLSSocket | undefined;
  private tcpConnected = false;

  constructor(
    private readonly options: ConnectionOptions,
    private readonly timeouts: Timeouts,
    private readonly hooks: SocketHooks,
  ) {
    this.tls = new ConnectionTls(options, timeouts.tlsHandshake);
  }

  /** A connect was started: there is a socket, though it may have closed since (the connection knows). */
  get exists(): boolean {
    return this.socket !== undefined;
  }
  /** For a body streamed as the socket drains. */
  get stream(): net.Socket {
    if (!this.socket) throw new Error('no socket yet');
    return this.socket;
  }

  connect(): void {
    const tcp = connectTcp(this.options, this.timeouts.connect, {
      onTimeout: (error) => this.hooks.onTimeout(error, 'none'),
      onConnect: (addresses) => {
        this.tcpConnected = true;
        this.hooks.onConnected(addresses);
        if (this.options.tlsOnConnect === true) this.startTls();
      },
    });
    this.socket = tcp.socket;
    this.attach(tcp.socket, tcp.stopClock);
  }

  /** TLS over the TCP socket, which is handed over: the TLS socket speaks for it from now on. */
  startTls(): void {
    const socket = this.tls.start(this.socket as net.Socket, {
      onTimeout: (error) => this.hooks.onTimeout(error, 'client'),
      onReady: (report) => this.hooks.onSecure(report),
    });
    this.socket = socket;
    this.attach(socket, () => this.tls.stopClock());
  }

  write(bytes: Buffer): void {
    this.stream.write(bytes);
  }

  /** Returns false when there was no socket to destroy, so nothing will ever say it closed. */
  destroy(): boolean {
    this.socket?.destroy();
    return this.socket !== undefined;
  }

  private attach(socket: net.Socket, onFirstEvent: () => void): void {
    socket.on('data', (chunk: Buffer) => this.hooks.onData(chunk));
    socket.once('error', (error: SocketError) => {
      onFirstEvent();
      const connecting = !this.hooks.ended() && !this.tcpConnected;
      const { host, port } = this.options;
      const implicit = this.options.tlsOnConnect === true;
      const { handshaking, secure } = this.tls;
      const context = { host, port, connecting, implicit, handshaking, secure, handshake: () => this.tls.handshake, stray: () => this.tls.stray };
      const failed = socketError(error, context);
      this.hooks.onError(failed.error, failed.by);
    });
    socket.once('close', () => {
      onFirstEvent();
      this.hooks.onClose();
    });
  }
}
