/**
 * A scripted SMTP peer on 127.0.0.1: one small async function per case says what to write and when, and every byte
 * the client sends is recorded for byte-exact assertions.
 */
import net from 'node:net';
import tls from 'node:tls';

export class RawPeer {
  private chunks: Buffer[] = [];
  private buffered = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  private ended = false;
  socket: net.Socket;

  constructor(socket: net.Socket) {
    this.socket = socket;
    this.listen(socket);
  }

  /** Everything received on this connection, across a TLS upgrade. */
  get received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.write(data, () => resolve());
    });
  }

  /** The next line the client sent, without its CRLF; undefined once the client has gone. */
  async readLine(): Promise<string | undefined> {
    for (;;) {
      const end = this.buffered.indexOf('\r\n');
      if (end !== -1) {
        const line = this.buffered.subarray(0, end).toString('utf8');
        this.buffered = this.buffered.subarray(end + 2);
        return line;
      }
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Reads lines until one matches, answering nothing; returns it. */
  async expectLine(pattern: RegExp): Promise<string> {
    for (;;) {
      const line = await this.readLine();
      if (line === undefined) throw new Error(`client left before sending ${pattern}`);
      if (pattern.test(line)) return line;
    }
  }

  /**
   * Server side of STARTTLS: writes the reply (the 220, perhaps with injected bytes) and wraps the socket in the
   * same tick, so a ClientHello sent straight after the 220 cannot be read as plaintext and lost.
   */
  async startTls(reply: string | Buffer, options: tls.TlsOptions): Promise<tls.TLSSocket> {
    this.socket.write(reply);
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('end');
    this.buffered = Buffer.alloc(0);
    const secure = new tls.TLSSocket(this.socket, { isServer: true, ...options });
    secure.on('error', () => undefined);
    this.socket = secure;
    this.listen(secure);
    await new Promise<void>((resolve, reject) => {
      secure.once('secure', () => resolve());
      secure.once('error', reject);
    });
    return secure;
  }

  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private listen(socket: net.Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.wake();
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

export interface RawServer {
  port: number;
  peers: RawPeer[];
  /** Resolves when the handler of the first connection has finished. */
  done: Promise<void>;
  close(): Promise<void>;
}

export async function startRawServer(handler: (peer: RawPeer) => Promise<void>): Promise<RawServer> {
  const peers: RawPeer[] = [];
  let finish!: () => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  done.catch(() => undefined);
  const server = net.createServer((socket) => {
    const peer = new RawPeer(socket);
    peers.push(peer);
    handler(peer).then(
      () => {
        if (peers.length === 1) finish();
      },
      (error: unknown) => {
        peer.destroy();
        if (peers.length === 1) fail(error);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    peers,
    done,
    close: () =>
      new Promise<void>((resolve) => {
        for (const peer of peers) peer.destroy();
        server.close(() => resolve());
      }),
  };
}
