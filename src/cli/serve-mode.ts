/** `smtp-explorer serve [--scenario NAME]`, as one module: the build gives each mode a bundle of its own. */
import type { Invocation } from './args.js';
import { EXIT_FAILURE } from './exit-codes.js';
import { listenErrorLine } from './listen-error.js';
import { resolveScenario } from './scenario-choice.js';
import { runServe } from '../server/serve.js';

export async function serveMode(invocation: Extract<Invocation, { mode: 'serve' }>): Promise<number> {
  // An unknown scenario is a usage error before anything listens.
  const scenario = invocation.scenario === undefined ? undefined : resolveScenario(invocation.scenario);
  try {
    await runServe({ port: invocation.port, listen: invocation.listen, ...(scenario ? { scenario } : {}) });
  } catch (error) {
    const line = listenErrorLine(error, invocation.listen, invocation.port);
    if (line === undefined) throw error;
    process.stderr.write(`smtp-explorer: ${line}\n`);
    return EXIT_FAILURE;
  }
  return 0;
}
