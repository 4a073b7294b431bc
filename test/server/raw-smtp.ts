// A deliberately dumb SMTP client for the server tests: it writes what it is told and reads
// whole replies, so every assertion is about bytes on a real socket.
import net from 'node:net';
import tls from 'node:tls';

export interface Reply {
  code: number;
  /** Text after `ddd-` / `ddd `, one entry per line. */
  lines: string[];
}

const REPLY_LINE = /^(\d{3})([ -]?)(.*)$/;

export class RawSmtp {
  private buffer = '';
  private ended = false;
  private wake: (() => void) | undefined;
  private readonly closedPromise: Promise<void>;
  private markClosed!: () => void;

  private constructor(private socket: net.Socket) {
    this.closedPromise = new Promise((resolve) => {
      this.markClosed = resolve;
    });
    this.attach(socket);
  }

  static connect(port: number): Promise<RawSmtp> {
    return RawSmtp.open(net.connect({ port, host: '127.0.0.1' }), 'connect');
  }

  /** Implicit TLS: the handshake comes before the greeting. */
  static connectTls(port: number, options: tls.ConnectionOptions): Promise<RawSmtp> {
    return RawSmtp.open(tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ...options }), 'secureConnect');
  }

  private static open(socket: net.Socket, readyEvent: string): Promise<RawSmtp> {
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.once(readyEvent, () => {
        socket.off('error', reject);
        resolve(new RawSmtp(socket));
      });
    });
  }

  get tlsSocket(): tls.TLSSocket | undefined {
    return this.socket instanceof tls.TLSSocket ? this.socket : undefined;
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  async send(line: string): Promise<Reply> {
    this.write(`${line}\r\n`);
    return this.reply();
  }

  async reply(): Promise<Reply> {
    for (;;) {
      const reply = this.takeReply();
      if (reply) {
        return reply;
      }
      if (this.ended) {
        throw new Error(`connection closed; unparsed: ${JSON.stringify(this.buffer)}`);
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  /** Sends STARTTLS and, on 220, runs the handshake on the same socket. */
  async starttls(options: tls.ConnectionOptions): Promise<Reply> {
    const reply = await this.send('STARTTLS');
    if (reply.code !== 220) {
      return reply;
    }
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('end');
    this.socket.removeAllListeners('close');
    const secure = tls.connect({ socket: this.socket, servername: 'localhost', ...options });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve);
      secure.once('error', reject);
    });
    this.socket = secure;
    this.attach(secure);
    return reply;
  }

  /** Resolves once the server has closed the connection. */
  closed(): Promise<void> {
    return this.closedPromise;
  }

  end(): void {
    this.socket.destroy();
  }

  private attach(socket: net.Socket): void {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.poke();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.ended = true;
      this.markClosed();
      this.poke();
    });
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private takeReply(): Reply | undefined {
    const lines: string[] = [];
    let offset = 0;
    for (;;) {
      const end = this.buffer.indexOf('\r\n', offset);
      if (end < 0) {
        return undefined;
      }
      const match = REPLY_LINE.exec(this.buffer.slice(offset, end));
      if (!match) {
        throw new Error(`not a reply line: ${JSON.stringify(this.buffer.slice(offset, end))}`);
      }
      lines.push(match[3] ?? '');
      offset = end + 2;
      if (match[2] !== '-') {
        this.buffer = this.buffer.slice(offset);
        return { code: Number(match[1]), lines };
      }
    }
  }
}
