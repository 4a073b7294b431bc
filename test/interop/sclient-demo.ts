// Reproduces, against a private Exim, the classic failure of typing an SMTP session into
// `openssl s_client -starttls smtp -crlf`: the `RCPT TO:` line starts with R, arrives as its own
// read, and s_client renegotiates instead of sending it. Prints the terminal as a person would see
// it (typed lines included), then what Exim logged. Regenerates the README's transcript:
//
//   npx tsx test/interop/sclient-demo.ts [tls1.3|tls1.2|workaround] [--brief]
//
// tls1.3 (default): Exim as installed; s_client fails `can_renegotiate:wrong ssl version` and exits.
// tls1.2: Exim limited to TLS 1.2; s_client sends a renegotiation ClientHello, Exim refuses it and
//   answers `421 … lost input connection` in plaintext, which s_client reads as `wrong version number`.
// workaround: TLS 1.3 with `-ign_eof`, which turns the command letters off; the mail is delivered.
// --brief: s_client's -brief (short TLS summary, same failure), for the README.
import { spawn } from 'node:child_process';
import { skipReason, startExim, type EximInstance, type EximTlsVersions } from '../helpers/exim.js';

type Mode = 'tls1.3' | 'tls1.2' | 'workaround';
const EXIM_VERSIONS: Record<Mode, EximTlsVersions> = { 'tls1.3': 'default', 'tls1.2': 'tls1.2-only', workaround: 'default' };
// Long enough for any reply on loopback; the failing step ends by s_client exiting, not by this.
const STEP_TIMEOUT_MS = 3_000;

export interface Step {
  line: string;
  /** What s_client prints once the server has answered this line. */
  answer: RegExp;
}

export function session(exim: EximInstance): Step[] {
  const plain = Buffer.from(`\0${exim.user}\0${exim.password}`).toString('base64');
  return [
    { line: 'EHLO demo.test', answer: /^250 /m },
    { line: `AUTH PLAIN ${plain}`, answer: /^235 /m },
    { line: `MAIL FROM:<${exim.user}@${exim.domain}>`, answer: /^250 /m },
    { line: `RCPT TO:<bob@${exim.domain}>`, answer: /^250 /m },
    { line: 'DATA', answer: /^354 /m },
    { line: 'Subject: typed through s_client\n\nHello Bob.\n.', answer: /^250 /m },
    { line: 'QUIT', answer: /^221 /m },
  ];
}

export interface DemoResult {
  command: string;
  /** s_client's stdout and stderr as one stream, with each typed line where it was typed. */
  terminal: string;
  exitCode: number | null;
  /** The first typed line s_client did not live to read, if any. */
  diedBefore: string | undefined;
  /** Typed lines that got no answer within STEP_TIMEOUT_MS while s_client lived on. */
  unanswered: string[];
  delivered: number;
  eximLog: string;
}

export async function runDemo(mode: Mode, brief = false): Promise<DemoResult> {
  const exim = await startExim({ tlsVersions: EXIM_VERSIONS[mode] });
  try {
    const args = ['s_client', ...(brief ? ['-brief'] : []), ...(mode === 'workaround' ? ['-ign_eof'] : []),
      '-starttls', 'smtp', '-crlf', '-connect', `127.0.0.1:${exim.port}`];
    // One pipe for both streams keeps their order as a terminal would show it.
    const child = spawn('sh', ['-c', 'exec openssl "$@" 2>&1', 'sh', ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    // s_client may exit between two typed lines; the exit, not EPIPE, is what gets reported.
    child.stdin.on('error', () => {});
    let terminal = '';
    let onOutput = () => {};
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      terminal += chunk;
      onOutput();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let running = true;
    void exited.then(() => {
      running = false;
      onOutput();
    });
    /** True when the pattern showed up; false when s_client exited or stayed silent. */
    const waitFor = (pattern: RegExp, from: number) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => finish(false), STEP_TIMEOUT_MS);
        function finish(matched: boolean) {
          clearTimeout(timer);
          onOutput = () => {};
          resolve(matched);
        }
        onOutput = () => {
          if (pattern.test(terminal.slice(from))) finish(true);
          else if (!running) finish(false);
        };
        onOutput();
      });

    // s_client does EHLO and STARTTLS itself and, after its TLS summary, prints the last line of
    // the plaintext EHLO reply: the first 250 it shows means it is ready for typing.
    if (!(await waitFor(/^250 [^\n]*\n/m, 0))) throw new Error(`s_client never became ready:\n${terminal}`);
    let diedBefore: string | undefined;
    const unanswered: string[] = [];
    for (const step of session(exim)) {
      if (!running) {
        diedBefore = step.line;
        break;
      }
      terminal += `${step.line}\n`;
      const from = terminal.length;
      // Each line in its own write, as typing does: that is what makes s_client look at its first letter.
      child.stdin.write(`${step.line}\n`);
      if (!(await waitFor(step.answer, from)) && running) unanswered.push(step.line);
    }
    child.stdin.end();
    const exitCode = await exited;
    // Exim answers 250 to the final dot before its delivery process has written the file.
    const accepted = terminal.match(/^250 OK id=/gm)?.length ?? 0;
    const delivered = (accepted ? await exim.waitForMail(accepted) : await exim.maildir()).length;
    return { command: `openssl ${args.join(' ')}`, terminal, exitCode, diedBefore, unanswered, delivered, eximLog: await exim.log() };
  } finally {
    await exim.stop();
  }
}

function report(mode: Mode, result: DemoResult): string {
  const port = /127\.0\.0\.1:(\d+)/.exec(result.command)?.[1] ?? '';
  const outcome = result.diedBefore
    ? `s_client exited (code ${result.exitCode}) before "${result.diedBefore}" could be typed; ${result.delivered} message(s) delivered`
    : `s_client exited (code ${result.exitCode}); ${result.delivered} message(s) delivered`;
  return [
    `=== ${mode}: $ ${result.command.replace(port, 'PORT')}`,
    result.terminal.trimEnd().replaceAll(port, 'PORT'),
    `=== ${outcome}`,
    ...result.unanswered.map((line) => `=== no answer within ${STEP_TIMEOUT_MS} ms to: ${line}`),
    '=== exim mainlog:',
    result.eximLog.replace(/^mainlog:\n/, '').trimEnd().replaceAll(port, 'PORT'),
    '',
  ].join('\n');
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const reason = skipReason();
  if (reason) {
    console.error(reason);
    process.exit(1);
  }
  const args = process.argv.slice(2);
  const modes = args.filter((a): a is Mode => a === 'tls1.3' || a === 'tls1.2' || a === 'workaround');
  for (const mode of modes.length ? modes : (['tls1.3'] as const)) {
    console.log(report(mode, await runDemo(mode, args.includes('--brief'))));
  }
}
