/**
 * The yardstick for P3: the least a Node client can do — EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA, then
 * an already dot-stuffed file piped into the TLS socket, no parsing beyond "has the reply ended". Prints one
 * JSON line: how long the body took from the 354 to the 250, and this process's peak RSS.
 *
 * Usage: node --import tsx bench/clients/bare-tls.ts HOST PORT STUFFED-FILE USER PASSWORD FROM TO
 */
import { createReadStream } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';

const [host = '127.0.0.1', portText = '25', file = '', user = '', password = '', from = '', to = ''] = process.argv.slice(2);

/** Resolves with the next complete reply (its last line is "ddd "), keeping bytes that arrive after it. */
function replies(socket: net.Socket): () => Promise<string> {
  let buffered = '';
  let waiter: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    waiter?.();
  });
  return async () => {
    for (;;) {
      const end = /(?:^|\n)\d{3} [^\n]*\n/.exec(buffered);
      if (end) {
        const reply = buffered.slice(0, end.index + end[0].length);
        buffered = buffered.slice(reply.length);
        return reply;
      }
      await new Promise<void>((resolve) => (waiter = resolve));
    }
  };
}

async function command(socket: net.Socket, next: () => Promise<string>, line: string, expected: string): Promise<void> {
  socket.write(`${line}\r\n`);
  const reply = await next();
  if (!reply.startsWith(expected)) throw new Error(`${line.split(' ')[0]}: ${reply.trim()}`);
}

const plain = net.connect({ host, port: Number(portText) });
plain.setNoDelay(true);
let next = replies(plain);
if (!(await next()).startsWith('220')) throw new Error('no greeting');
await command(plain, next, 'EHLO bare.example', '250');
await command(plain, next, 'STARTTLS', '220');
plain.removeAllListeners('data');
const secure = tls.connect({ socket: plain, rejectUnauthorized: false, servername: 'localhost' });
await new Promise<void>((resolve, reject) => secure.once('secureConnect', resolve).once('error', reject));
next = replies(secure);
await command(secure, next, 'EHLO bare.example', '250');
if (user) await command(secure, next, `AUTH PLAIN ${Buffer.from(`\0${user}\0${password}`).toString('base64')}`, '235');
await command(secure, next, `MAIL FROM:<${from}>`, '250');
await command(secure, next, `RCPT TO:<${to}>`, '250');
await command(secure, next, 'DATA', '354');
const started = performance.now();
createReadStream(file).pipe(secure, { end: false });
const accepted = await next();
const bodyMs = performance.now() - started;
if (!accepted.startsWith('250')) throw new Error(`end of DATA: ${accepted.trim()}`);
await command(secure, next, 'QUIT', '221');
secure.destroy();
process.stdout.write(`${JSON.stringify({ bodyMs, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
