#!/usr/bin/env node
/**
 * argv → mode. Script mode and `serve` never load Ink or React: start-up time matters, so the UI and the
 * built-in server are imported only by the modes that need them.
 */
import { readFileSync } from 'node:fs';
import { parseInvocation, USAGE, UsageError } from './cli/args.js';
import type { Invocation } from './cli/args.js';
import { resolveTarget, runProbe, runScriptInvocation } from './script/invocation.js';
import { EXIT_FAILURE, EXIT_NEGATIVE, EXIT_OK, EXIT_USAGE } from './script/run-script.js';
import { wantsColour, writeProbe } from './script/output.js';
import type { ProbeResult } from './core/tls-probe.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function readScript(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the script ${file}: ${(error as Error).message}`);
  }
}

/** 0: some version was accepted; 1: the server answered but took none (or refused STARTTLS); 2: no connection. */
function probeExitCode(result: ProbeResult): number {
  if (result.versions.some((v) => v.outcome === 'accepted')) return EXIT_OK;
  return result.failure && !result.failure.connected ? EXIT_FAILURE : EXIT_NEGATIVE;
}

async function probe(invocation: Extract<Invocation, { mode: 'probe' }>): Promise<number> {
  const { client, embedded } = await resolveTarget(invocation.client);
  try {
    const result = await runProbe(client);
    const exitCode = probeExitCode(result);
    await writeProbe(process.stdout, result, invocation.json, wantsColour(process.stdout, process.env), exitCode);
    return exitCode;
  } finally {
    await embedded?.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const invocation = parseInvocation(argv);
  switch (invocation.mode) {
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'version':
      process.stdout.write(`smtp-explorer ${version()}\n`);
      return 0;
    case 'serve': {
      const { runServe } = await import('./server/serve.js');
      const { resolveScenario } = await import('./cli/embedded-server.js');
      const scenario = invocation.scenario === undefined ? undefined : resolveScenario(invocation.scenario);
      await runServe({ port: invocation.port, listen: invocation.listen, ...(scenario ? { scenario } : {}) });
      return 0;
    }
    case 'explain': {
      const { explainWords } = await import('./cli/explain.js');
      process.stdout.write(`${explainWords(invocation.words).join('\n')}\n`);
      return 0;
    }
    case 'list-scenarios': {
      const { listScenarios } = await import('./server/scenarios/index.js');
      const { scenarioLines } = await import('./server/scenarios/describe.js');
      process.stdout.write(`${scenarioLines(listScenarios(), { verbose: invocation.verbose }).join('\n')}\n`);
      return 0;
    }
    case 'script':
      return runScriptInvocation(invocation, { stdout: process.stdout, env: process.env, readScript });
    case 'probe':
      return probe(invocation);
    case 'interactive': {
      // Always on a terminal: with CI or CONTINUOUS_INTEGRATION set, is-in-ci makes Ink draw only its last frame
      // (chalk: no colour). It reads them as Ink loads, so they go before the import.
      delete process.env.CI;
      delete process.env.CONTINUOUS_INTEGRATION;
      const { interactiveMain } = await import('./ui/interactive-main.js');
      return interactiveMain(invocation.client);
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`smtp-explorer: ${error.message}\nTry smtp-explorer --help.\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    process.stderr.write(`smtp-explorer: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = EXIT_FAILURE;
  },
);
