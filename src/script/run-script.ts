/** Script mode: each line goes out exactly as written and waits for its reply before the next. */
import { createReadStream } from 'node:fs';
import { classifyCommand } from '../core/command.js';
import { SmtpConnection } from '../core/connection.js';
import type { ConnectionOptions } from '../core/connection.js';
import { SmtpError } from '../core/errors.js';
import { END_OF_DATA_VARIANTS, describeEndOfData, describeInjection, probeEndOfData, probeStartTlsInjection, probeWindow } from '../core/probes.js';
import { isPositive } from '../core/reply.js';
import type { Reply } from '../core/reply.js';
import { entriesFor } from '../core/transcript.js';
import type { TranscriptEntry } from '../core/transcript.js';
import type { ScriptOutput } from './output.js';
import type { ScriptStep } from './script-file.js';

export const EXIT_OK = 0;
export const EXIT_NEGATIVE = 1;
export const EXIT_FAILURE = 2;
export const EXIT_USAGE = 64;

export interface ScriptRun {
  steps: ScriptStep[];
  connection: ConnectionOptions;
  output: ScriptOutput;
  keepGoing: boolean;
  /** Streamed as the body after DATA's 354, instead of lines from the script. */
  bodyFile?: string;
  /** Every non-standard end of data in place of the body's ".", one message each. */
  probeSmuggling?: boolean;
  /** STARTTLS goes out with a NOOP behind it in the same write. */
  probeStartTlsInjection?: boolean;
}

function note(text: string, mark: '===' | '***' = '==='): TranscriptEntry {
  return { at: Date.now(), mark, kind: mark === '===' ? 'info' : 'error', text, tls: false };
}

function closedPromise(connection: SmtpConnection): Promise<void> {
  return new Promise((resolve) => {
    if (connection.closed) resolve();
    connection.subscribe((event) => {
      if (event.type === 'closed') resolve();
    });
  });
}

class Stop extends Error {
  constructor(readonly exitCode: number) {
    super(`stop ${exitCode}`);
  }
}

export async function runScript(run: ScriptRun): Promise<number> {
  const { output } = run;
  const connection = new SmtpConnection(run.connection);
  // Errors the connection already told the transcript about; any other one is said where the script stops.
  const told = new Set<SmtpError>();
  connection.subscribe((event) => {
    if (event.type === 'error') told.add(event.error);
    for (const entry of entriesFor(event)) output.entry(entry);
  });
  const closed = closedPromise(connection);
  let exitCode = EXIT_OK;
  let quitSent = false;

  const judge = (reply: Reply | undefined, display: string): void => {
    if (!reply || isPositive(reply.code)) return;
    exitCode = EXIT_NEGATIVE;
    if (!run.keepGoing) {
      output.entry(note(`stopping after ${reply.code || 'a malformed reply'} to ${display} (--keep-going goes on)`));
      throw new Stop(EXIT_NEGATIVE);
    }
  };

  const tell = ({ text, risk }: { text: string; risk: boolean }): void => output.entry(note(text, risk ? '***' : '==='));

  const probeInjection = async (): Promise<Reply | undefined> => {
    const windowMs = probeWindow(connection);
    const verdict = await probeStartTlsInjection(connection, windowMs);
    tell(describeInjection(verdict, windowMs));
    return verdict.kind === 'refused' ? verdict.reply : undefined;
  };

  // The first variant ends the DATA already open; each next one repeats the transaction from its MAIL.
  const probeEveryEndOfData = async (body: string[], envelope: string[]): Promise<void> => {
    const windowMs = probeWindow(connection);
    for (const [n, variant] of END_OF_DATA_VARIANTS.entries()) {
      if (n > 0) for (const line of envelope) judge(await connection.submit(line), classifyCommand(line).display);
      if (!connection.inData) {
        output.entry(note('smuggling probe stopped: DATA was not answered with 354', '***'));
        return;
      }
      for (const line of body) await connection.submit(line);
      tell(describeEndOfData(await probeEndOfData(connection, variant, windowMs), windowMs));
    }
  };

  try {
    judge(await connection.open(), 'the greeting');
    for (let i = 0; i < run.steps.length; i++) {
      const step = run.steps[i]!;
      if (step.kind === 'body') {
        if (!connection.inData) {
          output.entry(note(`body of ${step.lines.length} lines not sent: DATA was not answered with 354`));
          continue;
        }
        if (run.probeSmuggling) {
          await probeEveryEndOfData(step.lines, envelopeOf(run.steps, i));
          continue;
        }
        if (run.bodyFile !== undefined) {
          judge(await connection.streamBody(createReadStream(run.bodyFile), run.bodyFile), 'the end of DATA');
          continue;
        }
        for (const line of step.lines) await connection.submit(line);
        judge(await connection.submit('.'), 'the end of DATA');
        continue;
      }
      const command = classifyCommand(step.line);
      if (command.verb === 'QUIT') quitSent = true;
      const reply =
        command.verb === 'STARTTLS' && run.probeStartTlsInjection ? await probeInjection() : await connection.submit(step.line);
      if (command.verb === 'STARTTLS' && !connection.tls) {
        exitCode = EXIT_NEGATIVE;
        output.entry(note('STARTTLS did not start TLS: stopping so that nothing meant for TLS goes out in plaintext', '***'));
        throw new Stop(EXIT_NEGATIVE);
      }
      judge(reply, command.display);
    }
  } catch (error) {
    if (error instanceof SmtpError) exitCode = error.kind === 'usage' ? EXIT_USAGE : EXIT_FAILURE;
    else if (!(error instanceof Stop)) throw error;
    if (error instanceof SmtpError && !told.has(error)) output.entry(note(error.message, '***'));
  }

  if (!connection.closed && !quitSent && exitCode !== EXIT_FAILURE && !connection.inData) {
    // A polite end, as swaks does; the server may still refuse to say goodbye. An AUTH exchange left open is
    // cancelled first, or QUIT would go out as its answer.
    if (connection.inAuth) await connection.submit('*').catch(() => undefined);
    if (!connection.inAuth) await connection.submit('QUIT').catch(() => undefined);
  }
  connection.close();
  await closed;
  const report = connection.tlsReport;
  const afterTls = connection.tls ? connection.capabilities : undefined;
  const beforeTls = connection.tls ? connection.preTlsCapabilities : connection.capabilities;
  await output.finish({
    exitCode,
    ...(report ? { tls: report } : {}),
    capabilities: { ...(beforeTls ? { beforeTls } : {}), ...(afterTls ? { afterTls } : {}) },
  });
  return exitCode;
}

/** The commands that open the transaction of the body at `bodyAt`: from its MAIL up to its DATA. */
function envelopeOf(steps: ScriptStep[], bodyAt: number): string[] {
  const commands = steps.slice(0, bodyAt).flatMap((step) => (step.kind === 'command' ? [step.line] : []));
  const mail = commands.findLastIndex((line) => classifyCommand(line).verb === 'MAIL');
  return commands.slice(Math.max(mail, 0));
}
