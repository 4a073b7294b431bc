#!/usr/bin/env node
/**
 * argv → mode. Start-up time matters, so each mode is imported only when chosen: script mode and `serve`
 * never load Ink or React, and the explorer loads nothing of script mode outside its own bundle.
 */
import { readFileSync } from 'node:fs';
import { parseInvocation, UsageError } from './cli/args.js';
import { USAGE } from './cli/usage.js';
import { fileProblem } from './core/file-problem.js';
import { markWarm } from './cli/warm.js';
import { EXIT_FAILURE, EXIT_IO, EXIT_NEGATIVE, EXIT_OK, EXIT_USAGE } from './cli/exit-codes.js';
import { OutputError, printOutput } from './cli/output-stream.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function readScript(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new UsageError(`--script: ${fileProblem(error, file === '-' ? 'standard input' : file, 'read')}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const invocation = parseInvocation(argv);
  switch (invocation.mode) {
    case 'help':
      await printOutput(process.stdout, USAGE);
      return 0;
    case 'version':
      await printOutput(process.stdout, `smtp-explorer ${version()}\n`);
      return 0;
    case 'serve': {
      const { serveMode } = await import('./cli/serve-mode.js');
      return serveMode(invocation);
    }
    case 'explain': {
      const { explainWords } = await import('./cli/explain.js');
      await printOutput(process.stdout, `${explainWords(invocation.words).join('\n')}\n`);
      return 0;
    }
    case 'list-scenarios': {
      const { scenarioList } = await import('./cli/scenario-list.js');
      await printOutput(process.stdout, scenarioList(invocation.verbose));
      return 0;
    }
    case 'script': {
      const { catchInterrupts, runScriptInvocation } = await import('./script/invocation.js');
      // Read before the signals are caught: a caught SIGINT would not end a read of standard input that never ends.
      const script = readScript(invocation.file);
      // SIGINT or SIGTERM ends the run cleanly (a second one at once); the listeners go with the run.
      const interrupts = catchInterrupts();
      try {
        return await runScriptInvocation(invocation, { stdout: process.stdout, env: process.env, readScript: () => script, interrupted: interrupts.signal });
      } finally {
        interrupts.release();
        // An interrupted run ends the process once its output is out, with the code the run set, or its error did:
        // connections of a --probe-tls it cut short, which end only at their own deadlines, are not waited for.
        if (interrupts.signal.aborted) setImmediate(() => process.stdout.write('', () => process.exit()));
      }
    }
    case 'probe': {
      const { runProbeInvocation } = await import('./script/invocation.js');
      return runProbeInvocation(invocation, process.stdout, process.env);
    }
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
    // A mode that ran its course has compiled what a run needs: its code cache, if still to be made, is made now.
    if (code === EXIT_OK || code === EXIT_NEGATIVE) markWarm();
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`smtp-explorer: ${error.message}\nTry smtp-explorer --help.\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    if (error instanceof OutputError) {
      process.stderr.write(`smtp-explorer: ${error.message}\n`);
      process.exitCode = EXIT_IO;
      return;
    }
    process.stderr.write(`smtp-explorer: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = EXIT_FAILURE;
  },
);
