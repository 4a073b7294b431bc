/** Where script mode's transcript goes: swaks-style lines (coloured only on a terminal), or one JSON document. */
import type { Writable } from 'node:stream';
import { writeOutput as write } from '../cli/output-stream.js';
import { colourAllowed } from '../core/colour.js';
import type { Capabilities } from '../core/ehlo.js';
import { printable, terminalSafeJson } from '../core/printable.js';
import type { EndOfDataVerdict, InjectionVerdict } from '../core/probes.js';
import { probeEntries } from '../core/tls-probe.js';
import type { ProbeResult } from '../core/tls-probe.js';
import type { TlsReport } from '../core/tls-report.js';
import { entryTone } from '../core/tone.js';
import type { Tone } from '../core/tone.js';
import { formatEntry } from '../core/transcript.js';
import type { TranscriptEntry } from '../core/transcript.js';
import type { WordedChange } from './commentary.js';

const ANSI: Record<Tone, string> = {
  sent: '\x1b[36m',
  positive: '\x1b[32m',
  intermediate: '\x1b[34m',
  transient: '\x1b[33m',
  permanent: '\x1b[31m',
  info: '\x1b[2m',
  problem: '\x1b[1;31m',
  unsolicited: '\x1b[35m',
};
const RESET = '\x1b[0m';

/** Only on a terminal, and only where the environment allows colour at all (the explorer's rule). */
export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && colourAllowed(env);
}

/** What script mode knows about an entry beyond the entry itself. */
export interface EntryNote {
  /** The pipelined group (1, 2, …) whose commands went out in one write. */
  group?: number;
  /** Name the command this reply answers: in a pipelined group the replies come after all the commands. */
  showAnswers?: boolean;
}

export interface ScriptOutput {
  entry(entry: TranscriptEntry, note?: EntryNote): void;
  /**
   * Settles once everything given so far is written. The script waits for it before each command, so a slow
   * reader of the output holds the session back instead of letting the output pile up in memory.
   */
  written(): Promise<void>;
  finish(result: ScriptResult): Promise<void>;
}

/** What --probe-smuggling and --probe-starttls-injection found, for --json; `risk` is what makes the run exit 1. */
export interface ProbeFindings {
  /** One per end of data tried, in order; `code` is the reply at the variant, or to the proper end sent after it. */
  smuggling?: Array<{ variant: string; verdict: EndOfDataVerdict['kind']; code: number; risk: boolean }>;
  /** `code`: the reply to the NOOP inside TLS when it was answered, or to STARTTLS when that was refused. */
  starttlsInjection?: { verdict: InjectionVerdict['kind']; code?: number; risk: boolean };
}

export interface ScriptResult {
  exitCode: number;
  tls?: TlsReport;
  capabilities: { beforeTls?: Capabilities; afterTls?: Capabilities; changes?: WordedChange[] };
  findings?: ProbeFindings;
}

export function textOutput(stream: Writable, colour: boolean): ScriptOutput {
  let pending: Promise<void> = Promise.resolve();
  return {
    entry(entry, note) {
      const answers = note?.showAnswers && entry.answers ? `   (answers ${printable(entry.answers.display)})` : '';
      const line = formatEntry(entry) + answers;
      const text = colour ? `${ANSI[entryTone(entry)]}${line}${RESET}\n` : `${line}\n`;
      pending = pending.then(() => write(stream, text));
    },
    written: () => pending,
    finish: () => pending,
  };
}

function entryJson(entry: TranscriptEntry, note: EntryNote | undefined): Record<string, unknown> {
  return {
    mark: entry.mark,
    kind: entry.kind,
    tls: entry.tls,
    time: new Date(entry.at).toISOString(),
    text: entry.text,
    ...(entry.raw ? { raw: entry.raw.toString('base64') } : {}),
    ...(entry.code !== undefined ? { code: entry.code } : {}),
    ...(entry.lineCode !== undefined ? { lineCode: entry.lineCode } : {}),
    ...(entry.enhanced ? { enhanced: entry.enhanced } : {}),
    ...(entry.answers ? { answers: entry.answers.display } : {}),
    ...(note?.group !== undefined ? { pipelinedGroup: note.group } : {}),
  };
}

/** The lines' bytes are evidence already, in base64 with each transcript entry: the list keeps the decoded line. */
function capabilitiesJson(caps: Capabilities | undefined): unknown {
  return caps ? { ...caps, list: caps.list.map(({ asReceived: _bytes, ...capability }) => capability) } : null;
}

/** `value` as pretty JSON whose lines after the first start `depth` spaces in, to sit inside a larger document. */
function nested(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${' '.repeat(depth)}`);
}

function member(key: string, value: unknown): string {
  return `  ${JSON.stringify(key)}: ${nested(value, 2)}`;
}

/**
 * One JSON document written as the run goes, each entry as it comes, so that between commands the output holds
 * nothing back (within one reply, what it queues is bounded by the reply caps). `probe`: a --probe-tls run before
 * the script, which goes before the transcript. The document is closed once: the first finish closes it, and
 * anything after that (a later finish, an entry told as the socket closes) is left out, so stdout stays one document.
 */
export function jsonOutput(stream: Writable, probe?: ProbeResult): ScriptOutput {
  let pending: Promise<void> = Promise.resolve();
  let entries = 0;
  let closed = false;
  const send = (json: string): void => {
    pending = pending.then(() => write(stream, terminalSafeJson(json)));
  };
  send(`{\n${probe ? `${member('probe', probe)},\n` : ''}  "transcript": [`);
  return {
    entry(entry, note) {
      if (!closed) send(`${entries++ === 0 ? '' : ','}\n    ${nested(entryJson(entry, note), 4)}`);
    },
    written: () => pending,
    finish(result) {
      if (closed) return pending;
      const capabilities = {
        beforeTls: capabilitiesJson(result.capabilities.beforeTls),
        afterTls: capabilitiesJson(result.capabilities.afterTls),
        changes: result.capabilities.changes?.map(({ change, text }) => ({ ...change, text })) ?? null,
      };
      const rest = [member('exitCode', result.exitCode), member('tls', result.tls ?? null), member('capabilities', capabilities)];
      const { smuggling, starttlsInjection } = result.findings ?? {};
      if (smuggling) rest.push(member('smuggling', smuggling));
      if (starttlsInjection) rest.push(member('starttlsInjection', starttlsInjection));
      closed = true;
      send(`${entries > 0 ? '\n  ' : ''}],\n${rest.join(',\n')}\n}\n`);
      return pending;
    },
  };
}

/** --probe-tls alone: its lines, or one JSON document. */
export function writeProbe(stream: Writable, result: ProbeResult, json: boolean, colour: boolean, exitCode: number): Promise<void> {
  if (json) return write(stream, terminalSafeJson(JSON.stringify({ exitCode, probe: result }, null, 2)) + '\n');
  const output = textOutput(stream, colour);
  for (const entry of probeEntries(result)) output.entry(entry);
  return output.finish({ exitCode, capabilities: {} });
}
