/** `smtp-explorer serve [--scenario NAME]`, as one module: the build gives each mode a bundle of its own. */
import type { Invocation } from './args.js';
import { EXIT_FAILURE } from './exit-codes.js';
import { listenErrorLine } from './listen-error.js';
import { writeOutput, written } from './output-stream.js';
import { resolveScenario } from './scenario-choice.js';
import { runServe } from '../server/serve.js';

export async function serveMode(invocation: Extract<Invocation, { mode: 'serve' }>): Promise<number> {
  // An unknown scenario is a usage error before anything listens.
  const scenario = invocation.scenario === undefined ? undefined : resolveScenario(invocation.scenario);
  // A standard output that fails (a full disk) does not stop the server; the CLI says so when it ends (exit 74).
  const print = (line: string): void => void writeOutput(process.stdout, `${line}\n`);
  try {
    await runServe({ port: invocation.port, listen: invocation.listen, ...(scenario ? { scenario } : {}), print });
  } catch (error) {
    const line = listenErrorLine(error, invocation.listen, invocation.port);
    if (line === undefined) throw error;
    process.stderr.write(`smtp-explorer: ${line}\n`);
    return EXIT_FAILURE;
  }
  await written(process.stdout);
  return 0;
}
