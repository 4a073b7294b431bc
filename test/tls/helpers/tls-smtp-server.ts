/**
 * A small SMTP server with the TLS of a real one, made per test: Node's tls.Server does the TLS (versions, cipher
 * order, client certificates, OCSP staples, session tickets, key log), and a few lines of SMTP lead to it, by
 * STARTTLS or from the first byte. It records what its side of TLS logged, for comparing with the client's.
 */
import net from 'node:net';
import tls from 'node:tls';

export interface TlsSmtpOptions extends tls.TlsOptions {
  /** TLS from the first byte (port 465 style) instead of STARTTLS. */
  implicit?: boolean;
  /** DER OCSP response stapled to every handshake. */
  staple?: Buffer;
  /** Offer STARTTLS in the EHLO reply and accept it (default true). */
  starttls?: boolean;
}

export interface TlsSmtpServer {
  host: '127.0.0.1';
  port: number;
  /** NSS key-log lines the server side logged, in order. */
  keylog: string[];
  /** Client certificates presented, one entry per finished handshake (undefined: none). */
  clientCertificates: Array<tls.PeerCertificate | undefined>;
  close(): Promise<void>;
}

const NAME = 'tls-test.example';

function speak(socket: net.Socket, secure: boolean, starttls: boolean, upgrade: (socket: net.Socket) => void): void {
  let buffered = '';
  socket.on('error', () => undefined);
  const onData = (chunk: Buffer): void => {
    buffered += chunk.toString('latin1');
    for (let end = buffered.indexOf('\r\n'); end !== -1; end = buffered.indexOf('\r\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const verb = line.split(' ')[0]!.toUpperCase();
      if (verb === 'EHLO') socket.write(`250-${NAME}\r\n250 ${!secure && starttls ? 'STARTTLS' : 'SIZE 1000000'}\r\n`);
      else if (verb === 'STARTTLS' && !secure && starttls) {
        socket.removeListener('data', onData);
        socket.write('220 2.0.0 go ahead\r\n', () => upgrade(socket));
        return;
      } else if (verb === 'QUIT') {
        socket.end('221 2.0.0 bye\r\n');
        return;
      } else if (verb === 'NOOP') socket.write('250 2.0.0 ok\r\n');
      else socket.write('502 5.5.2 not here\r\n');
    }
  };
  socket.on('data', onData);
}

export async function startTlsSmtpServer(options: TlsSmtpOptions): Promise<TlsSmtpServer> {
  const { implicit = false, staple, starttls = true, ...tlsOptions } = options;
  const sockets = new Set<net.Socket>();
  const keylog: string[] = [];
  const clientCertificates: TlsSmtpServer['clientCertificates'] = [];
  const greet = (socket: net.Socket): void => {
    socket.write(`220 ${NAME} ESMTP test\r\n`);
  };
  const tlsServer = tls.createServer(tlsOptions, (secure) => {
    const peer = secure.getPeerCertificate();
    clientCertificates.push(peer && 'raw' in peer && peer.raw ? peer : undefined);
    speak(secure, true, starttls, () => undefined);
    if (implicit) greet(secure);
  });
  tlsServer.on('keylog', (line: Buffer) => keylog.push(line.toString('latin1').trim()));
  tlsServer.on('tlsClientError', () => undefined);
  if (staple) tlsServer.on('OCSPRequest', (_cert: Buffer, _issuer: Buffer, callback: (error: Error | null, response: Buffer) => void) => callback(null, staple));
  const upgrade = (socket: net.Socket): void => {
    tlsServer.emit('connection', socket);
  };
  const listener = implicit
    ? tlsServer
    : net.createServer((socket) => {
        speak(socket, false, starttls, upgrade);
        greet(socket);
      });
  listener.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = (listener.address() as net.AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    keylog,
    clientCertificates,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        listener.close(() => resolve());
      }),
  };
}
