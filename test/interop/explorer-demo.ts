// The other half of the README's s_client comparison: the very session `sclient-demo.ts` types into
// `openssl s_client`, run through smtp-explorer's script mode against a private Exim. s_client does EHLO and
// STARTTLS by itself; here they are lines of the script, like everything else.
//
//   npx tsx test/interop/explorer-demo.ts
import { runCli } from '../helpers/cli.js';
import { skipReason, startExim } from '../helpers/exim.js';
import { session } from './sclient-demo.js';

export interface ExplorerDemoResult {
  script: string[];
  command: string;
  output: string;
  exitCode: number | null;
  delivered: number;
  eximLog: string;
  port: number;
}

export async function runExplorerDemo(): Promise<ExplorerDemoResult> {
  const exim = await startExim();
  try {
    const script = ['EHLO demo.test', 'STARTTLS', ...session(exim).flatMap((step) => step.line.split('\n'))];
    const args = ['--script', 'session.smtp', `127.0.0.1:${exim.port}`];
    const result = await runCli(['--script', '-', `127.0.0.1:${exim.port}`], { input: script.map((line) => `${line}\n`).join('') });
    const accepted = result.stdout.match(/^<~ {2}250 OK id=/gm)?.length ?? 0;
    const delivered = (accepted ? await exim.waitForMail(accepted) : await exim.maildir()).length;
    return {
      script,
      command: `smtp-explorer ${args.join(' ')}`,
      output: result.stdout + result.stderr,
      exitCode: result.code,
      delivered,
      eximLog: await exim.log(),
      port: exim.port,
    };
  } finally {
    await exim.stop();
  }
}

function report(result: ExplorerDemoResult): string {
  const port = String(result.port);
  return [
    '=== session.smtp:',
    ...result.script,
    `=== $ ${result.command.replace(port, 'PORT')}`,
    result.output.trimEnd().replaceAll(port, 'PORT'),
    `=== smtp-explorer exited (code ${result.exitCode}); ${result.delivered} message(s) delivered`,
    '=== exim mainlog:',
    result.eximLog.replace(/^mainlog:\n/, '').trimEnd().replaceAll(port, 'PORT'),
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const reason = skipReason();
  if (reason) {
    console.error(reason);
    process.exit(1);
  }
  console.log(report(await runExplorerDemo()));
}
