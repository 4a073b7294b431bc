/**
 * P1: a whole scripted session (EHLO, STARTTLS, EHLO, AUTH PLAIN, MAIL, RCPT, a 1 MiB body, QUIT), our CLI's
 * wall time against swaks's on the same server, from spawn to exit, interleaved; medians. `node -e 0` runs in
 * the same rounds as the floor any Node program starts from.
 */
import { CLI_ENTRY, loadedAtStart, MODES } from '../scripts/bundle.js';
import { runBare } from './lib/bare-client.js';
import type { Context } from './lib/context.js';
import { MIB } from './lib/fixtures.js';
import { CLI, succeed, which } from './lib/proc.js';
import { interleave, median, ms } from './lib/stats.js';
import type { Row } from './lib/table.js';
import { judge, skipped } from './lib/table.js';
import type { Target } from './lib/targets.js';
import { eximMissing, sessionScript, startBuiltin, startEximTarget } from './lib/targets.js';

const TARGET_RATIO = 0.5;
const TARGET = `≤ ${TARGET_RATIO}× swaks`;
/** What script mode must never load: the UI and its libraries, and the built-in server (or the bundle it is in). */
const NOT_IN_SCRIPT_MODE = /node_modules\/(ink|react|react-reconciler|yoga-layout|smtp-server)\/|^src\/(ui|session|server)\/|^cached-bundle:workshop$/;

async function against(target: Target, swaks: string, context: Context): Promise<Row> {
  const body = await context.fixtures.body(MIB);
  const script = await context.fixtures.file(`p1-${target.port}.smtp`, sessionScript(target));
  const server = `${target.host}:${target.port}`;
  const ours = async (): Promise<number> => (await succeed(process.execPath, [CLI, '--script', script, '--body-file', body, server])).ms;
  const theirs = async (): Promise<number> =>
    (
      await succeed(swaks, [
        '--server', server, '--ehlo', 'client.example', '--tls',
        '--auth', 'PLAIN', '--auth-user', target.user, '--auth-password', target.password,
        '--from', target.from, '--to', target.to, '--data', `@${body}`,
        // swaks prints every body line unless told; ours prints a summary. Both summarise here.
        '--suppress-data',
      ])
    ).ms;
  const node = async (): Promise<number> => (await succeed(process.execPath, ['-e', '0'])).ms;
  const stuffed = await context.fixtures.stuffed(MIB);
  const bare = async (): Promise<number> => (await runBare(context.bareClient, target, stuffed)).ms;
  context.log(`P1, ${target.name}: ${context.runs} rounds`);
  await ours();
  await theirs();
  const samples = await interleave(context.runs, { ours, swaks: theirs, node, bare });
  const [oursMs, swaksMs, nodeMs, bareMs] = [median(samples.ours), median(samples.swaks), median(samples.node), median(samples.bare)];
  const ratio = oursMs / swaksMs;
  return {
    id: 'P1',
    what: `scripted session, 1 MiB body, ${target.name}`,
    value: ratio,
    shown: `${ratio.toFixed(2)}×`,
    target: TARGET,
    verdict: judge(ratio, TARGET_RATIO, 'max'),
    detail:
      `ours ${ms(oursMs)}, swaks ${ms(swaksMs)} (medians of ${context.runs}, interleaved, spawn to exit${target.note ? `; ${target.note}` : ''}); ` +
      `the floor: node -e 0 ${ms(nodeMs)}, a minimal Node client (bench/clients/bare-tls.ts, no parsing, no report) ${ms(bareMs)} = ${(bareMs / swaksMs).toFixed(2)}× swaks`,
  };
}

/**
 * Script mode's code: cli.js, the loader cli.js brings in for the mode (the cached-mode module: the code cache),
 * and script mode's bundle, each as far as it loads before any import().
 */
function scriptModeLoads(context: Context): Row {
  const script = MODES.script.entry;
  const loader = 'cached-mode:script';
  for (const input of [script, loader]) if (!context.metafile.inputs[input]) throw new Error(`the build has no input ${input}: script mode moved`);
  const loaded = [script, loader, CLI_ENTRY].flatMap((entry) => loadedAtStart(context.metafile, entry));
  const offending = loaded.filter((input) => NOT_IN_SCRIPT_MODE.test(input));
  const packages = [...new Set(offending.map((input) => /node_modules\/([^/]+)|^src\/([^/]+)|^cached-bundle:(\w+)/.exec(input)?.slice(1).find(Boolean)))];
  return {
    id: 'P1',
    what: 'script mode loads Ink, React or the server',
    value: offending.length,
    shown: offending.length === 0 ? 'no' : `yes: ${packages.join(', ')}`,
    target: 'no',
    verdict: offending.length === 0 ? 'PASS' : 'FAIL',
    detail: `from the build metafile: what dist/cli.js, its loader for the mode and script mode's bundle (${script}) load before any import(), ${new Set(loaded).size} source files; the built-in server is a bundle of its own, loaded only when no host is named`,
  };
}

export async function measureP1(context: Context): Promise<Row[]> {
  const rows = [scriptModeLoads(context)];
  const swaks = which('swaks');
  const eximProblem = eximMissing();
  if (!swaks) {
    const why = 'swaks is missing (Debian: apt-get install swaks, or .ci/install-mta.sh)';
    rows.push(skipped('P1', 'scripted session, 1 MiB body, built-in server', TARGET, why));
    rows.push(skipped('P1', 'scripted session, 1 MiB body, Exim', TARGET, why));
    return rows;
  }
  const builtin = await startBuiltin(16 * MIB);
  try {
    rows.push(await against(builtin, swaks, context));
  } finally {
    await builtin.stop();
  }
  if (eximProblem) {
    rows.push(skipped('P1', 'scripted session, 1 MiB body, Exim', TARGET, `Exim cannot run: ${eximProblem}`));
    return rows;
  }
  const exim = await startEximTarget();
  try {
    rows.push(await against(exim, swaks, context));
  } finally {
    await exim.stop();
  }
  return rows;
}
