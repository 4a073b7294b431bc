/**
 * P3: a 100 MiB body through --body-file in script mode and through /send-file in the explorer, against a bare
 * Node TLS socket piping the same bytes, already dot-stuffed, to the same built-in server; all timed from the 354
 * to the 250, interleaved. Script mode's peak RSS comes from /usr/bin/time, the explorer's from its own process;
 * the server's count of bytes received (after unstuffing) must be the file's size every time.
 */
import { readFile } from 'node:fs/promises';
import type { Context } from './lib/context.js';
import { MIB } from './lib/fixtures.js';
import { runBare } from './lib/bare-client.js';
import { CLI, TIME, available, childEnv, lastJson, succeed } from './lib/proc.js';
import type { SendFileResult } from './probes/results.js';
import { interleave, median, mib } from './lib/stats.js';
import type { Row } from './lib/table.js';
import { judge } from './lib/table.js';
import type { Target } from './lib/targets.js';
import { sessionScript, startBuiltin } from './lib/targets.js';

const BODY_BYTES = 100 * MIB;
const MIN_THROUGHPUT_RATIO = 0.5;
const MAX_RSS_BYTES = 150 * MIB;
/** The transcript of a 100 MiB message must stay small: a summary line, not the body. */
const MAX_TRANSCRIPT_BYTES = 64 * 1024;

interface JsonEntry {
  time: string;
  code?: number;
  text: string;
}

/** Milliseconds from the 354 to the next 250, as the transcript timed them. */
function bodyMs(transcript: JsonEntry[]): number {
  const start = transcript.findIndex((entry) => entry.code === 354);
  const end = transcript.findIndex((entry, i) => i > start && entry.code === 250);
  if (start === -1 || end === -1) throw new Error('the transcript has no 354 followed by a 250');
  return Date.parse(transcript[end]!.time) - Date.parse(transcript[start]!.time);
}

interface Ours {
  ms: number;
  rssBytes: number | undefined;
  transcriptBytes: number;
  summarised: boolean;
}

async function ours(target: Target, script: string, body: string, rssFile: string): Promise<Ours> {
  const args = [CLI, '--json', '--script', script, '--body-file', body, `${target.host}:${target.port}`];
  const withTime = available(TIME);
  const run = withTime ? await succeed(TIME, ['-f', '%M', '-o', rssFile, process.execPath, ...args]) : await succeed(process.execPath, args);
  const report = JSON.parse(run.stdout) as { transcript: JsonEntry[] };
  const rssKib = withTime ? Number((await readFile(rssFile, 'utf8')).trim().split('\n').at(-1)) : Number.NaN;
  return {
    ms: bodyMs(report.transcript),
    rssBytes: Number.isFinite(rssKib) ? rssKib * 1024 : undefined,
    transcriptBytes: run.stdout.length,
    summarised: report.transcript.some((entry) => entry.text.includes(BODY_BYTES.toLocaleString('en-US'))),
  };
}


/** The same body through `/send-file` in the explorer, bundled, on a fake terminal (probes/send-file.tsx). */
async function explorer(context: Context, target: Target, body: string): Promise<SendFileResult> {
  const args = [context.probes.sendFile, target.host, String(target.port), target.from, target.to, body];
  return lastJson<SendFileResult>((await succeed(process.execPath, args, { env: childEnv({ XDG_STATE_HOME: context.fixtures.dir }) })).stdout);
}

export async function measureP3(context: Context): Promise<Row[]> {
  const rounds = Math.max(3, Math.round(context.runs / 5));
  context.log(`P3: making the ${mib(BODY_BYTES)} body and its dot-stuffed copy`);
  const body = await context.fixtures.body(BODY_BYTES);
  const stuffed = await context.fixtures.stuffed(BODY_BYTES);
  const target = await startBuiltin(BODY_BYTES * 2);
  const script = await context.fixtures.file('p3.smtp', sessionScript(target));
  const rssFile = `${context.fixtures.dir}/p3-rss`;
  const oursRuns: Ours[] = [];
  const explorerRuns: SendFileResult[] = [];
  let bareRuns: number[];
  try {
    context.log(`P3: ${rounds} rounds of script mode, bare TLS and /send-file in the explorer, ${mib(BODY_BYTES)} each`);
    const samples = await interleave(rounds, {
      ours: async () => {
        const run = await ours(target, script, body, rssFile);
        oursRuns.push(run);
        return run.ms;
      },
      bare: async () => (await runBare(context.bareClient, target, stuffed)).bodyMs,
      explorer: async () => {
        const run = await explorer(context, target, body);
        explorerRuns.push(run);
        return run.bodyMs;
      },
    });
    bareRuns = samples.bare;
  } finally {
    await target.stop();
  }
  const received = target.received();
  const intact = received.length === rounds * 3 && received.every((size) => size === BODY_BYTES);
  const oursMs = median(oursRuns.map((run) => run.ms));
  const bareMs = median(bareRuns);
  const throughput = (ms: number): string => `${(BODY_BYTES / MIB / (ms / 1000)).toFixed(0)} MiB/s`;
  const ratio = bareMs / oursMs;
  const rss = oursRuns.map((run) => run.rssBytes ?? Number.NaN);
  const peak = Math.max(...rss);
  const explorerMs = median(explorerRuns.map((run) => run.bodyMs));
  const explorerRatio = bareMs / explorerMs;
  const explorerPeak = Math.max(...explorerRuns.map((run) => run.maxRssBytes));
  const summarised = explorerRuns.every((run) => run.summary.includes(BODY_BYTES.toLocaleString('en-US')) && run.transcriptBytes <= MAX_TRANSCRIPT_BYTES) && oursRuns.every((run) => run.summarised && run.transcriptBytes <= MAX_TRANSCRIPT_BYTES);
  const sizes = `the server received ${intact ? `all ${received.length} messages whole` : `sizes ${received.join(', ')} (expected ${rounds * 3} × ${BODY_BYTES})`}`;
  return [
    {
      id: 'P3',
      what: '100 MiB body: throughput vs bare Node TLS',
      value: ratio,
      shown: `${(ratio * 100).toFixed(0)}%`,
      target: `≥ ${MIN_THROUGHPUT_RATIO * 100}%`,
      verdict: intact ? judge(ratio, MIN_THROUGHPUT_RATIO, 'min') : 'FAIL',
      detail: `ours ${throughput(oursMs)} (${oursMs.toFixed(0)} ms), bare TLS socket ${throughput(bareMs)} (${bareMs.toFixed(0)} ms), 354 to 250, medians of ${rounds}, built-in server; ${sizes}`,
    },
    {
      id: 'P3',
      what: '100 MiB body: our peak RSS',
      value: peak / MIB,
      shown: Number.isFinite(peak) ? mib(peak) : '—',
      target: `≤ ${mib(MAX_RSS_BYTES)}`,
      verdict: Number.isFinite(peak) ? judge(peak, MAX_RSS_BYTES, 'max') : 'SKIP',
      detail: Number.isFinite(peak) ? `highest of ${rounds} runs (${rss.map((bytes) => mib(bytes)).join(', ')}), /usr/bin/time -f %M` : `${TIME} is missing`,
    },
    {
      id: 'P3',
      what: '100 MiB /send-file in the explorer: vs bare TLS',
      value: explorerRatio,
      shown: `${(explorerRatio * 100).toFixed(0)}%`,
      target: `≥ ${MIN_THROUGHPUT_RATIO * 100}%`,
      verdict: intact ? judge(explorerRatio, MIN_THROUGHPUT_RATIO, 'min') : 'FAIL',
      detail: `explorer ${throughput(explorerMs)} (${explorerMs.toFixed(0)} ms from the Enter on /send-file to the 250, median of ${rounds}), bare ${throughput(bareMs)}; the App on a fake 120×40 terminal`,
    },
    {
      id: 'P3',
      what: '100 MiB /send-file in the explorer: peak RSS',
      value: explorerPeak / MIB,
      shown: mib(explorerPeak),
      target: `≤ ${mib(MAX_RSS_BYTES)}`,
      verdict: judge(explorerPeak, MAX_RSS_BYTES, 'max'),
      detail: `highest of ${rounds} runs, the probe's own process.resourceUsage().maxRSS (React, Ink and the transcript included)`,
    },
    {
      id: 'P3',
      what: '100 MiB body: transcript keeps a summary',
      value: Math.max(...oursRuns.map((run) => run.transcriptBytes)),
      shown: summarised ? 'yes' : 'no',
      target: 'yes',
      verdict: summarised ? 'PASS' : 'FAIL',
      detail: `script mode's --json output ${Math.max(...oursRuns.map((run) => run.transcriptBytes)).toLocaleString('en-US')} bytes, the explorer's transcript ${Math.max(...explorerRuns.map((run) => run.transcriptBytes)).toLocaleString('en-US')} bytes, each with "… ${BODY_BYTES.toLocaleString('en-US')} bytes of message body …"`,
    },
  ];
}
