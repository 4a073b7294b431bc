// `smtp-explorer serve`: the workshop server in the foreground, one line per message, until a
// signal. Kept free of Ink and React so it starts fast.
import { hostPort } from '../core/host-port.js';
import { WORKSHOP_PASSWORD, WORKSHOP_USER } from './login.js';
import { messageSummary } from './mailbox-text.js';
import { DEFAULT_SCENARIO } from './scenarios/index.js';
import type { Scenario } from './scenarios/index.js';
import { startScenario } from './scenarios/start.js';

export interface ServeArgs {
  /** 0 or absent: a free port. */
  port?: number;
  /** Address to listen on; loopback unless the teacher opts in. */
  listen?: string;
  /** The workshop scenario to serve, named on the first line; the default one when absent. */
  scenario?: Scenario;
  /** Writes one line of standard output (the CLI's writer, which survives a full disk). */
  print(line: string): void;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export async function runServe(args: ServeArgs): Promise<void> {
  const scenario = args.scenario ?? DEFAULT_SCENARIO;
  const server = await startScenario(scenario, { port: args.port ?? 0, host: args.listen ?? '127.0.0.1' });
  const address = hostPort(server.host, server.port);
  if (!isLoopback(server.host)) {
    process.stderr.write(
      `warning: ${address} is reachable from other machines; anyone who can reach it can send mail ` +
        `and log in as ${WORKSHOP_USER}/${WORKSHOP_PASSWORD}\n`,
    );
  }
  server.onMessage((message) => args.print(messageSummary(message)));
  // Armed before the line is printed: whoever reads it may signal at once.
  const stopped = nextSignal();
  if (args.scenario) args.print(`scenario ${scenario.name}: ${scenario.summary}`);
  args.print(`listening on ${address}${server.secure ? ' (implicit TLS: clients need --tls-on-connect)' : ''}`);
  await stopped;
  await server.close();
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
