/**
 * A parsed `--script` invocation → a run: read and check the script, find the server (the built-in one when no host
 * was named), probe TLS first if asked, and write the transcript. The CLI and the hostile-server tests both run
 * script mode through here, so what the tests exercise is what users run.
 */
import type { Writable } from 'node:stream';
import { UsageError } from '../cli/args.js';
import type { ClientFlags, Invocation } from '../cli/args.js';
import { connectionOptions } from '../cli/connection-options.js';
import { written } from '../cli/output-stream.js';
import { checkReadable } from '../cli/given-files.js';
import { resolveTarget } from '../cli/target.js';
import { classifyCommand } from '../core/command.js';
import { printable } from '../core/printable.js';
import type { ProbeResult } from '../core/tls-probe.js';
import { EXIT_FAILURE, EXIT_NEGATIVE, EXIT_OK } from '../cli/exit-codes.js';
import { probeEntries } from '../core/tls-probe.js';
import { jsonOutput, textOutput, wantsColour, writeProbe } from './output.js';
import { runScript } from './run-script.js';
import { ownBodyLine, parseScript, scriptProblems } from './script-file.js';

export type ScriptInvocation = Extract<Invocation, { mode: 'script' }>;
export type ProbeInvocation = Extract<Invocation, { mode: 'probe' }>;

export interface ScriptIo {
  stdout: Writable & { isTTY?: boolean };
  /** For NO_COLOR, TERM and SSLKEYLOGFILE. */
  env: NodeJS.ProcessEnv;
  /** The script's text: the file named, or standard input for `-`. Throws a UsageError when it cannot. */
  readScript(file: string): string;
  /** Aborted by SIGINT or SIGTERM (see catchInterrupts): the run ends early and cleanly. */
  interrupted?: AbortSignal;
}

export { catchInterrupts } from './interrupt.js';

/** `work`'s result, or undefined if `aborted` comes first (or had come): the work is left to end on its own. */
function unlessAborted<T>(work: Promise<T>, aborted: AbortSignal | undefined): Promise<T | undefined> {
  if (!aborted) return work;
  work.catch(() => undefined);
  if (aborted.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = (): void => resolve(undefined);
    aborted.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => aborted.removeEventListener('abort', onAbort));
  });
}

/** 0: some version was accepted; 1: the server answered but took none (or refused STARTTLS); 2: no connection, no TLS there, or no handshake finished. */
function probeExitCode(result: ProbeResult): number {
  if (result.versions.some((v) => v.outcome === 'accepted')) return EXIT_OK;
  const failure = result.failure;
  return failure && (!failure.connected || failure.notTls || failure.stalled) ? EXIT_FAILURE : EXIT_NEGATIVE;
}

/** `--probe-tls` without a script: the versions table (or its JSON), and an exit status from what was accepted. */
export async function runProbeInvocation(invocation: ProbeInvocation, stdout: ScriptIo['stdout'], env: NodeJS.ProcessEnv): Promise<number> {
  const { client, embedded } = await resolveTarget(invocation.client);
  try {
    const result = await runProbe(client, env);
    const exitCode = probeExitCode(result);
    await writeProbe(stdout, result, invocation.json, wantsColour(stdout, env), exitCode);
    await written(stdout);
    return exitCode;
  } finally {
    await embedded?.close();
  }
}

/** The probe module loads only when asked for. */
export async function runProbe(client: ClientFlags, env: NodeJS.ProcessEnv = process.env): Promise<ProbeResult> {
  const { probeTls } = await import('../core/tls-probe.js');
  return probeTls({ connection: connectionOptions(client, client.target!, env), ...(client.helo ? { helo: client.helo } : {}) });
}

export async function runScriptInvocation(invocation: ScriptInvocation, io: ScriptIo): Promise<number> {
  // Found only mid-body otherwise, after MAIL, RCPT and DATA went out.
  if (invocation.bodyFile !== undefined) checkReadable('body-file', invocation.bodyFile);
  const steps = parseScript(io.readScript(invocation.file), { bodyFromFile: invocation.bodyFile !== undefined });
  const problems = scriptProblems(steps);
  if (problems.length > 0) throw new UsageError(`nothing sent, the script has lines that are not one line each:\n  ${problems.join('\n  ')}`);
  const needsData = invocation.probeSmuggling ? '--probe-smuggling' : invocation.bodyFile !== undefined ? '--body-file' : undefined;
  if (needsData && !steps.some((step) => step.kind === 'body')) throw new UsageError(`${needsData} needs a DATA command in the script`);
  if (invocation.probeStartTlsInjection && !steps.some((step) => step.kind === 'command' && classifyCommand(step.line).verb === 'STARTTLS')) {
    throw new UsageError('--probe-starttls-injection needs a STARTTLS command in the script');
  }
  if (invocation.bodyFile !== undefined) {
    const own = ownBodyLine(steps);
    if (own) throw new UsageError(`nothing sent: --body-file gives the body after DATA, but line ${own.lineNumber} (${printable(own.line)}) looks like a body of the script's own; remove those lines and their ".", or leave out --body-file`);
  }
  const { client, embedded } = await resolveTarget(invocation.client);
  try {
    // A signal during the probe ends the run there: the probe's connections close as their own deadlines come.
    const probe = invocation.probeTls ? await unlessAborted(runProbe(client, io.env), io.interrupted) : undefined;
    const output = invocation.json ? jsonOutput(io.stdout, probe) : textOutput(io.stdout, wantsColour(io.stdout, io.env));
    if (probe && !invocation.json) for (const entry of probeEntries(probe)) output.entry(entry);
    const exitCode = await runScript({
      steps,
      connection: connectionOptions(client, client.target!, io.env),
      output,
      keepGoing: invocation.keepGoing,
      ...(invocation.pipeline ? { pipeline: true } : {}),
      ...(invocation.bodyFile !== undefined ? { bodyFile: invocation.bodyFile } : {}),
      ...(invocation.probeSmuggling ? { probeSmuggling: true } : {}),
      ...(invocation.probeStartTlsInjection ? { probeStartTlsInjection: true } : {}),
      ...(client.hints ? { hints: true } : {}),
      ...(probe ? { probeExitCode: probeExitCode(probe) } : {}),
      ...(io.interrupted ? { interrupted: io.interrupted } : {}),
    });
    // The run went to its end either way; a transcript that could not be written fails it all the same.
    await written(io.stdout);
    return exitCode;
  } finally {
    // Interrupted, the run is over once its output is: the built-in server is not waited for (nor its probe connections).
    const closing = embedded?.close();
    if (io.interrupted?.aborted) closing?.catch(() => undefined);
    else await closing;
  }
}
