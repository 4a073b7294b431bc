// `smtp-explorer serve`: the workshop server in the foreground, one line per message, until a
// signal. Kept free of Ink and React so it starts fast.
import { printable } from '../core/printable.js';
import { WORKSHOP_PASSWORD, WORKSHOP_USER, startBuiltinServer } from './builtin.js';
import type { ReceivedMessage } from './builtin.js';

export interface ServeArgs {
  /** 0 or absent: a free port. */
  port?: number;
  /** Address to listen on; loopback unless the teacher opts in. */
  listen?: string;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export async function runServe(args: ServeArgs): Promise<void> {
  const server = await startBuiltinServer({ port: args.port ?? 0, host: args.listen ?? '127.0.0.1' });
  const address = hostPort(server.host, server.port);
  if (!isLoopback(server.host)) {
    process.stderr.write(
      `warning: ${address} is reachable from other machines; anyone who can reach it can send mail ` +
        `and log in as ${WORKSHOP_USER}/${WORKSHOP_PASSWORD}\n`,
    );
  }
  server.onMessage((message) => process.stdout.write(`${describe(message)}\n`));
  // Armed before the line is printed: whoever reads it may signal at once.
  const stopped = nextSignal();
  process.stdout.write(`listening on ${address}\n`);
  await stopped;
  await server.close();
}

function describe(message: ReceivedMessage): string {
  const to = message.to.map((address) => `<${printable(address)}>`).join(', ');
  return `message from <${printable(message.from)}> to ${to} (${message.size} bytes)`;
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function isLoopback(host: string): boolean {
  return /^127\.|^::1$|^::ffff:127\./i.test(host);
}

function nextSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      for (const signal of STOP_SIGNALS) {
        process.off(signal, stop);
      }
      resolve();
    };
    for (const signal of STOP_SIGNALS) {
      process.once(signal, stop);
    }
  });
}
