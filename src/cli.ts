#!/usr/bin/env node
/**
 * argv → mode. Script mode and `serve` never load Ink or React: start-up time matters, so the UI and the
 * built-in server are imported only by the modes that need them.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { parseInvocation, USAGE, UsageError } from './cli/args.js';
import type { ClientFlags, Invocation } from './cli/args.js';
import { connectionOptions } from './cli/connection-options.js';
import type { Embedded } from './cli/embedded-server.js';
import { EXIT_FAILURE, EXIT_NEGATIVE, EXIT_OK, EXIT_USAGE, runScript } from './script/run-script.js';
import { jsonOutput, probeEntries, textOutput, wantsColour, writeProbe } from './script/output.js';
import type { ProbeResult } from './core/tls-probe.js';
import { parseScript, scriptProblems } from './script/script-file.js';

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

function readable(file: string): void {
  try {
    accessSync(file, constants.R_OK);
  } catch (error) {
    throw new UsageError(`cannot read the body file ${file}: ${(error as Error).message}`);
  }
}

/** The server named on the command line, or the built-in one started for this run. */
async function resolveTarget(client: ClientFlags): Promise<{ client: ClientFlags; embedded?: Embedded }> {
  if (client.target) return { client };
  const { startEmbedded } = await import('./cli/embedded-server.js');
  const embedded = await startEmbedded(client.scenario);
  // An implicit-TLS scenario is met the way it must be: with the handshake first.
  return { client: { ...client, target: embedded.target, tlsOnConnect: client.tlsOnConnect || embedded.server.secure }, embedded };
}

async function script(invocation: Extract<Invocation, { mode: 'script' }>): Promise<number> {
  if (invocation.bodyFile !== undefined) readable(invocation.bodyFile);
  const steps = parseScript(readScript(invocation.file), { bodyFromFile: invocation.bodyFile !== undefined });
  const problems = scriptProblems(steps);
  if (problems.length > 0) throw new UsageError(`nothing sent, the script has lines that are not one line each:\n  ${problems.join('\n  ')}`);
  if (invocation.probeSmuggling && !steps.some((step) => step.kind === 'body')) throw new UsageError('--probe-smuggling needs a DATA command in the script');
  const { client, embedded } = await resolveTarget(invocation.client);
  try {
    const probe = invocation.probeTls ? await runProbe(client) : undefined;
    const output = invocation.json ? jsonOutput(process.stdout, probe) : textOutput(process.stdout, wantsColour(process.stdout, process.env));
    if (probe && !invocation.json) for (const entry of probeEntries(probe)) output.entry(entry);
    return await runScript({
      steps,
      connection: connectionOptions(client, client.target!),
      output,
      keepGoing: invocation.keepGoing,
      ...(invocation.pipeline ? { pipeline: true } : {}),
      ...(invocation.bodyFile !== undefined ? { bodyFile: invocation.bodyFile } : {}),
      ...(invocation.probeSmuggling ? { probeSmuggling: true } : {}),
      ...(invocation.probeStartTlsInjection ? { probeStartTlsInjection: true } : {}),
      ...(client.hints ? { hints: true } : {}),
    });
  } finally {
    await embedded?.close();
  }
}

/** The probe module loads only when asked for. */
async function runProbe(client: ClientFlags): Promise<ProbeResult> {
  const { probeTls } = await import('./core/tls-probe.js');
  return probeTls({ connection: connectionOptions(client, client.target!), ...(client.helo ? { helo: client.helo } : {}) });
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
      return script(invocation);
    case 'probe':
      return probe(invocation);
    case 'interactive': {
      const { runInteractive } = await import('./ui/run-interactive.js');
      const { client, embedded } = await resolveTarget(invocation.client);
      try {
        return await runInteractive({ client, connection: connectionOptions(client, client.target!) });
      } finally {
        await embedded?.close();
      }
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
