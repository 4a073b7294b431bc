/** Script mode: each line goes out exactly as written and waits for its reply before the next. */
import { createReadStream } from 'node:fs';
import { EXIT_FAILURE, EXIT_NEGATIVE, EXIT_OK, EXIT_USAGE, worseExit } from '../cli/exit-codes.js';
import { classifyCommand, redactedResponse } from '../core/command.js';
import { SmtpConnection } from '../core/connection.js';
import type { ConnectionEvent, ConnectionOptions } from '../core/connection.js';
import { SmtpError } from '../core/errors.js';
import { endPolitely, whenClosed } from '../core/polite-end.js';
import { nextStepHint } from '../core/hints.js';
import { printable } from '../core/printable.js';
import { END_OF_DATA_VARIANTS, describeEndOfData, describeInjection, probeEndOfData, probeStartTlsInjection, probeWindow } from '../core/probes.js';
import { isClosing, isPositive } from '../core/reply.js';
import { prepareRootStore, usesBundledRoots } from '../core/root-store.js';
import type { Reply } from '../core/reply.js';
import { entriesFor } from '../core/transcript.js';
import type { TranscriptEntry } from '../core/transcript.js';
import { commentary, wordedChanges } from './commentary.js';
import { interruptedExit, stopSignal, watchInterruption } from './interrupt.js';
import type { RunInterruption } from './interrupt.js';
import type { EntryNote, ProbeFindings, ScriptOutput } from './output.js';
import { groupLength } from './pipeline.js';
import type { ScriptStep } from './script-file.js';

export interface ScriptRun {
  steps: ScriptStep[];
  connection: ConnectionOptions;
  output: ScriptOutput;
  keepGoing: boolean;
  /** Send runs of MAIL/RCPT/RSET (and the DATA ending them) in one write when the server offers PIPELINING. */
  pipeline?: boolean;
  /** Streamed as the body after DATA's 354, instead of lines from the script. */
  bodyFile?: string;
  /** Every non-standard end of data in place of the body's ".", one message each. */
  probeSmuggling?: boolean;
  /** STARTTLS goes out with a NOOP behind it in the same write. */
  probeStartTlsInjection?: boolean;
  /** Under each positive reply, an `=== next:` line on what usually comes next (workshop scenarios). */
  hints?: boolean;
  /** The exit code of a --probe-tls run before the script: the run exits with the worse of it and the script's own. */
  probeExitCode?: number;
  /** Aborted by SIGINT or SIGTERM (its reason names which): the run ends early, cleanly, and exits 130 or 143. */
  interrupted?: AbortSignal;
}

function note(text: string, mark: '===' | '***' = '===', tls = false): TranscriptEntry {
  return { at: Date.now(), mark, kind: mark === '===' ? 'info' : 'error', text, tls };
}

class Stop extends Error {
  constructor(readonly exitCode: number) {
    super(`stop ${exitCode}`);
  }
}

/**
 * Runs the script and returns its exit code. An error of smtp-explorer's own (neither the server's nor the network's)
 * is said as the transcript's last line and still ends the output whole, --json's document closed with exit code 2,
 * before it goes on to the CLI, which prints it on standard error.
 */
export async function runScript(run: ScriptRun): Promise<number> {
  try {
    return await runSession(run);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    run.output.entry(note(`stopped by an error in smtp-explorer itself, told on standard error: ${printable(message)}`, '***'));
    await run.output.finish({ exitCode: EXIT_FAILURE, capabilities: {} });
    throw error;
  }
}

async function runSession(run: ScriptRun): Promise<number> {
  const { output } = run;
  if (run.interrupted?.aborted) {
    // A signal before the session began (during a --probe-tls, say): nothing to end, and nothing is sent.
    const signal = stopSignal(run.interrupted);
    output.entry(note(`interrupted by ${signal} before the session began: nothing is sent`, '***'));
    await output.finish({ exitCode: interruptedExit(signal), capabilities: {} });
    return interruptedExit(signal);
  }
  const connection = new SmtpConnection(run.connection);
  // A body streamed from --body-file is under way from its start until its summary is told.
  let streaming = false;
  const interruption = watchInterruption(run.interrupted, connection, (text) => output.entry(note(text, '***', connection.tls)), () => streaming);
  try {
    return await runConversation(run, connection, interruption, (underway) => (streaming = underway));
  } finally {
    interruption.dispose();
  }
}

async function runConversation(run: ScriptRun, connection: SmtpConnection, interruption: RunInterruption, streaming: (underway: boolean) => void): Promise<number> {
  const { output } = run;
  // Errors the connection already told the transcript about; any other one is said where the script stops.
  const told = new Set<SmtpError>();
  // The pipelined group under way: its commands and then its replies are tied to it in the output.
  const group = { number: 0, unsent: 0, unanswered: 0 };
  const groupNote = (event: ConnectionEvent): EntryNote | undefined => {
    if (event.type === 'sent' && group.unsent > 0) {
      group.unsent--;
      return { group: group.number };
    }
    // The first lines of a reply, told as they came, belong to the group as its last line does.
    if (event.type === 'reply-line' && group.unanswered > 0) return { group: group.number };
    if (event.type === 'reply' && event.answers && group.unanswered > 0) {
      group.unanswered--;
      return { group: group.number, showAnswers: true };
    }
    return undefined;
  };
  connection.subscribe((event) => {
    if (event.type === 'error') told.add(event.error);
    if (event.type === 'sent' && event.kind === 'body') streaming(false);
    const entries = entriesFor(event);
    const inGroup = groupNote(event);
    // Only the last line of a reply names its command; the others are the same reply.
    const lastReplyLine = entries.findLastIndex((entry) => entry.kind === 'received');
    entries.forEach((entry, i) => output.entry(entry, inGroup && { ...inGroup, showAnswers: inGroup.showAnswers === true && i === lastReplyLine }));
    for (const text of commentary(event, connection.preTlsCapabilities)) output.entry(note(text, '===', event.type === 'reply' && event.tls));
    if (run.hints && event.type === 'reply' && event.answers && event.reply.complete) {
      const hint = nextStepHint(event.answers.verb, event.reply, event.tls);
      if (hint) output.entry(note(`next: ${hint}`, '===', event.tls));
    }
  });
  const closed = whenClosed(connection);
  let exitCode = EXIT_OK;
  let quitSent = false;
  let toldNoPipelining = false;

  const judge = (reply: Reply | undefined, display: string): void => {
    if (!reply || (isPositive(reply.code) && !isClosing(reply))) return;
    exitCode = EXIT_NEGATIVE;
    // A 421 closes the connection (RFC 5321 §3.8): there is nothing to keep going on.
    if (isClosing(reply)) {
      output.entry(note(`stopping after 421 to ${display}: the server is closing the connection`));
      throw new Stop(EXIT_NEGATIVE);
    }
    if (!run.keepGoing) {
      output.entry(note(`stopping after ${reply.code || 'a malformed reply'} to ${display} (--keep-going goes on)`));
      throw new Stop(EXIT_NEGATIVE);
    }
  };

  // A risk a probe found fails the run (exit 1) as a refusal does, though the script goes on.
  const findings: ProbeFindings = {};
  let riskFound = false;
  // After a signal the script stops wherever it next would send something of its own.
  const stopIfInterrupted = (): void => {
    if (interruption.by) throw new Stop(interruptedExit(interruption.by));
  };

  const tell = ({ text, risk }: { text: string; risk: boolean }): boolean => {
    output.entry(note(text, risk ? '***' : '==='));
    riskFound ||= risk;
    return risk;
  };

  const probeInjection = async (): Promise<Reply | undefined> => {
    const windowMs = probeWindow(connection);
    const verdict = await probeStartTlsInjection(connection, windowMs);
    const risk = tell(describeInjection(verdict, windowMs));
    findings.starttlsInjection = { verdict: verdict.kind, ...(verdict.kind !== 'not-executed' ? { code: verdict.reply.code } : {}), risk };
    return verdict.kind === 'refused' ? verdict.reply : undefined;
  };

  // The first variant ends the DATA already open; each next one repeats the transaction from its MAIL.
  const probeEveryEndOfData = async (body: string[], envelope: string[]): Promise<void> => {
    const windowMs = probeWindow(connection);
    for (const [n, variant] of END_OF_DATA_VARIANTS.entries()) {
      for (const line of n > 0 ? envelope : []) {
        stopIfInterrupted();
        judge(await connection.submit(line), classifyCommand(line).display);
      }
      stopIfInterrupted();
      if (!connection.inData) {
        output.entry(note('smuggling probe stopped: DATA was not answered with 354', '***'));
        return;
      }
      for (const line of body) await connection.submit(line);
      const result = await probeEndOfData(connection, variant, windowMs);
      const risk = tell(describeEndOfData(result, windowMs));
      const { verdict } = result;
      const code = verdict.kind === 'still-in-data' ? verdict.finish.code : verdict.reply.code;
      (findings.smuggling ??= []).push({ variant: variant.name, verdict: verdict.kind, code, risk });
    }
  };

  try {
    const opened = connection.open();
    if (usesBundledRoots(run.connection) && (run.connection.tlsOnConnect || run.steps.some((step) => step.kind === 'command' && /^STARTTLS\s*$/i.test(step.line)))) {
      prepareRootStore();
    }
    judge(await opened, 'the greeting');
    for (let i = 0; i < run.steps.length; i++) {
      const step = run.steps[i]!;
      // A reader of the output that is slow, or gone quiet, holds the script here; a signal does not wait for it.
      await Promise.race([output.written(), interruption.came]);
      stopIfInterrupted();
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
          streaming(true);
          judge(await connection.streamBody(createReadStream(run.bodyFile), run.bodyFile), 'the end of DATA');
          continue;
        }
        for (const line of step.lines) await connection.submit(line);
        judge(await connection.submit('.'), 'the end of DATA');
        continue;
      }
      const length = run.pipeline && !connection.inAuth ? groupLength(run.steps, i) : 0;
      if (length > 1 && connection.capabilities?.pipelining) {
        const lines = run.steps.slice(i, i + length).flatMap((s) => (s.kind === 'command' ? [s.line] : []));
        Object.assign(group, { number: group.number + 1, unsent: length, unanswered: length });
        output.entry(note(`pipelining: the next ${length} commands go out in one write (the server offers PIPELINING, RFC 2920)`, '===', connection.tls));
        const replies = await connection.pipeline(lines);
        replies.forEach((reply, k) => judge(reply, classifyCommand(lines[k]!).display));
        i += length - 1;
        continue;
      }
      if (length > 1 && !toldNoPipelining) {
        toldNoPipelining = true;
        output.entry(note('--pipeline: the server did not offer PIPELINING here, so commands go one at a time'));
      }
      if (step.answersAuth && !connection.inAuth) {
        // Sent now it would be a command: a credential in the server's log, and in plaintext before STARTTLS.
        const shown = redactedResponse(step.line);
        output.entry(note(`line ${step.lineNumber} (${shown}) not sent: it answers AUTH, but no 334 is asking for it`, '===', connection.tls));
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
    else if (!(error instanceof Stop)) {
      connection.close();
      throw error;
    }
    if (error instanceof SmtpError && !told.has(error)) output.entry(note(error.message, '***'));
  }

  // Interrupted, QUIT goes out only where it cannot be taken for something else: not as the answer to a 334, and
  // not inside a message; and the server gets the grace to answer it, not a whole reply deadline.
  const interrupted = interruption.by !== undefined;
  interruption.settle();
  const mayQuit = !quitSent && !connection.inData && (interrupted ? !connection.inAuth : exitCode !== EXIT_FAILURE);
  if (!connection.closed && (connection.closing || mayQuit)) {
    await endPolitely(connection, interrupted ? interruption.graceMs : connection.timeouts.command);
  }
  if (!connection.closed && connection.inData) {
    output.entry(note('the server is waiting for a message body (354): closing without one, so nothing is delivered', '===', connection.tls));
  }
  if (!connection.closed && connection.inAuth && interrupted) {
    output.entry(note('the server is waiting for an AUTH answer (334): closing without QUIT, which it would take for that answer', '===', connection.tls));
  }
  connection.close();
  await closed;
  // What the probes found counts in the exit code only: the session itself ended as its own replies had it end.
  if (riskFound) exitCode = worseExit(exitCode, EXIT_NEGATIVE);
  exitCode = worseExit(exitCode, run.probeExitCode ?? EXIT_OK);
  if (interruption.by) exitCode = worseExit(exitCode, interruptedExit(interruption.by));
  const report = connection.tlsReport;
  const afterTls = connection.tls ? connection.capabilities : undefined;
  const beforeTls = connection.tls ? connection.preTlsCapabilities : connection.capabilities;
  const changes = beforeTls && afterTls ? wordedChanges(beforeTls, afterTls) : undefined;
  await output.finish({
    exitCode,
    ...(report ? { tls: report } : {}),
    capabilities: { ...(beforeTls ? { beforeTls } : {}), ...(afterTls ? { afterTls } : {}), ...(changes ? { changes } : {}) },
    ...(findings.smuggling || findings.starttlsInjection ? { findings } : {}),
  });
  return exitCode;
}

/** The commands that open the transaction of the body at `bodyAt`: from its MAIL up to its DATA. */
function envelopeOf(steps: ScriptStep[], bodyAt: number): string[] {
  const commands = steps.slice(0, bodyAt).flatMap((step) => (step.kind === 'command' ? [step.line] : []));
  const mail = commands.findLastIndex((line) => classifyCommand(line).verb === 'MAIL');
  return commands.slice(Math.max(mail, 0));
}
