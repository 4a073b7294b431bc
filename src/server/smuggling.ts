// A deliberately naive SMTP server for the smuggling lesson. smtp-server parses DATA correctly (only
// CRLF.CRLF ends it), so it cannot play the vulnerable side; this one takes a bare LF as a line end,
// like many older servers and some gateways, and so also ends DATA at `\n.\n`. Whatever follows that
// dot is read as commands: a second, "smuggled" message the sender's gateway never saw as one.
// It speaks just enough SMTP for the lesson: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no TLS.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { WORKSHOP_BANNER } from './builtin.js';
import type { WorkshopServer } from './builtin.js';
import { createMailbox } from './mailbox.js';

export interface SmugglingServerOptions {
  port?: number;
  host?: string;
  name?: string;
  maxMessageBytes?: number;
  keptBytes?: number;
  mailboxSize?: number;
}

const LF = 0x0a;
const MAX_LINE_BYTES = 64 * 1024;
const IDLE_MS = 5 * 60 * 1000;

interface Transaction {
  from: string;
  to: string[];
}

/** A message between 354 and its final dot: lines unstuffed and re-joined with CRLF. */
interface Body {
  envelope: Transaction;
  chunks: Buffer[];
  kept: number;
  size: number;
}

export async function startSmugglingServer(options: SmugglingServerOptions = {}): Promise<WorkshopServer> {
  const name = options.name ?? 'localhost';
  const maxMessageBytes = options.maxMessageBytes ?? 10 * 1024 * 1024;
  const keptBytes = options.keptBytes ?? 1024 * 1024;
  const mailbox = createMailbox(options.mailboxSize ?? 100);
  const errorListeners = new Set<(error: Error) => void>();
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', (error) => errorListeners.forEach((listener) => listener(error)));
    socket.setTimeout(IDLE_MS, () => reply(socket, '421 4.4.2 Idle too long, closing', true));
    serveSession(socket);
  });

  function serveSession(socket: net.Socket): void {
    let pending = Buffer.alloc(0);
    let helo: string | undefined;
    let transaction: Transaction | undefined;
    let body: Body | undefined;

    const command = (line: string): void => {
      const verb = (/^\S*/.exec(line)?.[0] ?? '').toUpperCase();
      const address = /^(?:MAIL FROM|RCPT TO):\s*<([^>]*)>/i.exec(line)?.[1];
      switch (verb) {
        case 'EHLO':
          helo = line.slice(5).trim();
          transaction = undefined;
          return reply(socket, [`250-${name} Hello ${helo}`, '250-PIPELINING', '250-8BITMIME', '250-ENHANCEDSTATUSCODES', `250 SIZE ${maxMessageBytes}`].join('\r\n'));
        case 'HELO':
          helo = line.slice(5).trim();
          transaction = undefined;
          return reply(socket, `250 ${name} Hello ${helo}`);
        case 'MAIL':
          if (helo === undefined) return reply(socket, '503 5.5.1 Send EHLO first');
          if (transaction) return reply(socket, '503 5.5.1 Nested MAIL command');
          if (address === undefined) return reply(socket, '501 5.5.4 Syntax: MAIL FROM:<address>');
          transaction = { from: address, to: [] };
          return reply(socket, '250 2.1.0 OK');
        case 'RCPT':
          if (!transaction) return reply(socket, '503 5.5.1 Need MAIL first');
          if (address === undefined) return reply(socket, '501 5.5.4 Syntax: RCPT TO:<address>');
          transaction.to.push(address);
          return reply(socket, '250 2.1.5 OK');
        case 'DATA':
          if (!transaction || transaction.to.length === 0) return reply(socket, '503 5.5.1 Need RCPT first');
          body = { envelope: transaction, chunks: [], kept: 0, size: 0 };
          return reply(socket, '354 End data with <CR><LF>.<CR><LF>');
        case 'RSET':
          transaction = undefined;
          return reply(socket, '250 2.0.0 OK');
        case 'NOOP':
          return reply(socket, '250 2.0.0 OK');
        case 'QUIT':
          return reply(socket, '221 2.0.0 Bye', true);
        case 'STARTTLS':
        case 'AUTH':
          return reply(socket, '502 5.5.1 Not implemented here');
        default:
          return reply(socket, '500 5.5.2 Command not recognized');
      }
    };

    const endOfData = ({ envelope, chunks, size }: Body): void => {
      transaction = undefined;
      if (size > maxMessageBytes) return reply(socket, '552 5.3.4 Message too big');
      const raw = Buffer.concat(chunks);
      mailbox.deliver({ ...envelope, size, raw, heloName: helo ?? '', remoteAddress: socket.remoteAddress ?? '', user: undefined, tls: undefined });
      reply(socket, `250 2.0.0 OK: queued as ${mailbox.messages.at(-1)?.seq}`);
    };

    // The flaw, on purpose: a line ends at LF, with or without the CR before it.
    const line = (bytes: Buffer): void => {
      const text = bytes.at(-1) === 0x0d ? bytes.subarray(0, -1) : bytes;
      if (!body) return command(text.toString('utf8'));
      if (text.length === 1 && text[0] === 0x2e) {
        const message = body;
        body = undefined;
        return endOfData(message);
      }
      const unstuffed = text[0] === 0x2e ? text.subarray(1) : text;
      append(body, Buffer.concat([unstuffed, Buffer.from('\r\n')]));
    };

    const append = (message: Body, bytes: Buffer): void => {
      if (message.kept < keptBytes) {
        const part = bytes.subarray(0, keptBytes - message.kept);
        message.chunks.push(part);
        message.kept += part.length;
      }
      message.size += bytes.length;
    };

    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (let end = pending.indexOf(LF); end >= 0; end = pending.indexOf(LF)) {
        line(pending.subarray(0, end));
        pending = pending.subarray(end + 1);
      }
      if (pending.length <= MAX_LINE_BYTES) return;
      // Bounded either way: a long body line is kept as it comes, a long command is refused.
      if (body) append(body, pending);
      else reply(socket, '500 5.5.6 Line too long');
      pending = Buffer.alloc(0);
    });
    reply(socket, `220 ${name} ESMTP ${WORKSHOP_BANNER}`);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;

  return {
    host: address.address,
    port: address.port,
    secure: false,
    mailbox: mailbox.messages,
    onMessage: mailbox.onMessage,
    onClientError(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) reply(socket, '421 4.4.2 Server shutting down', true);
      }),
  };
}

/** `last` closes the connection once the reply is written. */
function reply(socket: net.Socket, text: string, last = false): void {
  if (socket.writable) socket.write(`${text}\r\n`);
  if (last) socket.destroySoon();
}
