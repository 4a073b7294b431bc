/** Item 10 in script mode: --probe-smuggling and --probe-starttls-injection against broken and sound servers. */
import test from 'ava';
import { parseInvocation } from '../../src/cli/args.js';
import { startBuiltinServer } from '../../src/server/builtin.js';
import { generateCertificate } from '../../src/server/certs.js';
import { runCli } from '../helpers/cli.js';
import { assertInert, linesOf, scriptAgainst, scriptAt } from './harness.js';
import { endsDataAt, startTlsPeer } from './peers.js';

const certificate = await generateCertificate();
const TRANSACTION = 'EHLO me\nMAIL FROM:<a@b.example>\nRCPT TO:<c@d.example>\nDATA\nSubject: probe\n\nhello\n.\nQUIT\n';
const RISK = /^\*\*\* smuggling probe, end of data as (.+): accepted a non-standard end of data \(smuggling risk\): 250$/;
const STILL = /^=== smuggling probe, end of data as (.+): still in DATA after 0\.4 s, so not taken as the end; \\r\\n\.\\r\\n ended the message \(250\)$/;

test('--probe-smuggling: one message per variant, those ending DATA flagged as a risk (exit 1), the rest still in DATA', async (t) => {
  // This server takes a bare LF for CRLF around the dot, as several MTAs did before the 2023 smuggling fixes.
  const outcome = await scriptAgainst(endsDataAt(/\r?\n\.\r?\n/), TRANSACTION, ['--probe-smuggling', '--timeout', '0.4']);
  t.is(outcome.code, 1, outcome.stdout);
  assertInert(t, outcome);
  const lines = linesOf(outcome);
  const risky = lines.flatMap((line) => RISK.exec(line)?.slice(1) ?? []);
  const still = lines.flatMap((line) => STILL.exec(line)?.slice(1) ?? []);
  t.deepEqual(risky, ['\\n.\\n', '\\n.\\r\\n', '\\r\\n.\\n']);
  t.is(still.length, 9);
  t.is(outcome.received.toString().match(/MAIL FROM/g)!.length, 12);
  t.true(lines.includes(' -> QUIT'));
});

test('--probe-smuggling --json: the finding per variant under smuggling, and exitCode 1 for a risk; a sound server exits 0', async (t) => {
  const risky = await scriptAgainst(endsDataAt(/\r?\n\.\r?\n/), TRANSACTION, ['--probe-smuggling', '--timeout', '0.4', '--json'], { process: true });
  t.is(risky.code, 1, risky.stdout + risky.stderr);
  const doc = JSON.parse(risky.stdout) as { exitCode: number; smuggling: { variant: string; verdict: string; code: number; risk: boolean }[] };
  t.is(doc.exitCode, 1);
  t.is(doc.smuggling.length, 12);
  t.deepEqual(doc.smuggling[0], { variant: '\\n.\\n', verdict: 'accepted', code: 250, risk: true });
  t.deepEqual(doc.smuggling[1], { variant: '\\r.\\r', verdict: 'still-in-data', code: 250, risk: false });
  t.deepEqual(doc.smuggling.filter((finding) => finding.risk).map((finding) => finding.variant), ['\\n.\\n', '\\n.\\r\\n', '\\r\\n.\\n']);
  const sound = await scriptAgainst(endsDataAt(/\r\n\.\r\n/), TRANSACTION, ['--probe-smuggling', '--timeout', '0.2', '--json']);
  t.is(sound.code, 0, sound.stdout);
  t.true((JSON.parse(sound.stdout) as typeof doc).smuggling.every((finding) => !finding.risk));
});

test('--probe-starttls-injection: a server that answers the pre-TLS NOOP inside TLS fails the run (exit 1), --json says so', async (t) => {
  const script = 'STARTTLS\nEHLO me\nQUIT\n';
  const outcome = await scriptAgainst(startTlsPeer(true, certificate), script, ['--probe-starttls-injection', '--timeout', '2'], { process: true });
  t.is(outcome.code, 1, outcome.stdout + outcome.stderr);
  t.regex(outcome.stdout, /^\*\*\* STARTTLS injection probe: .*\(command injection risk\)$/m);
  t.true(linesOf(outcome).includes(' ~> QUIT'), 'the script still runs to its end');
  const json = await scriptAgainst(startTlsPeer(true, certificate), script, ['--probe-starttls-injection', '--timeout', '2', '--json']);
  const doc = JSON.parse(json.stdout) as { exitCode: number; starttlsInjection: unknown };
  t.is(doc.exitCode, 1);
  t.deepEqual(doc.starttlsInjection, { verdict: 'executed', code: 250, risk: true });
});

test('the probe flags go with --script; --probe-smuggling needs a DATA and its own body lines, --probe-starttls-injection a STARTTLS', async (t) => {
  t.throws(() => parseInvocation(['127.0.0.1:1', '--probe-starttls-injection']), { message: /go with --script/ });
  t.throws(() => parseInvocation(['--script', '-', '--probe-smuggling', '--body-file', 'x']), { message: /excludes --body-file/ });
  const noData = await runCli(['--script', '-', '127.0.0.1:1', '--probe-smuggling'], { input: 'EHLO me\n' });
  t.is(noData.code, 64);
  t.regex(noData.stderr, /--probe-smuggling needs a DATA command in the script/);
  // Without one the probe would be skipped, and a run that probed nothing would pass.
  const noStartTls = await runCli(['--script', '-', '127.0.0.1:1', '--probe-starttls-injection'], { input: 'EHLO me\nNOOP\nQUIT\n' });
  t.is(noStartTls.code, 64, noStartTls.stdout + noStartTls.stderr);
  t.regex(noStartTls.stderr, /--probe-starttls-injection needs a STARTTLS command in the script/);
  t.is(noStartTls.stdout, '');
});

test('--probe-starttls-injection against the built-in server: pre-TLS commands are not executed inside TLS', async (t) => {
  const server = await startBuiltinServer({ port: 0 });
  t.teardown(() => server.close());
  const outcome = await scriptAt(`127.0.0.1:${server.port}`, 'EHLO me\nSTARTTLS\nEHLO me\nQUIT\n', ['--probe-starttls-injection', '--timeout', '0.3']);
  t.is(outcome.code, 0, outcome.stdout);
  const lines = linesOf(outcome);
  t.true(lines.includes(' -> STARTTLS\\r\\nNOOP\\r\\n'));
  t.true(
    lines.includes('=== STARTTLS injection probe: no answer inside TLS to the NOOP sent before it within 0.3 s: pre-TLS commands are not executed inside TLS'),
    outcome.stdout,
  );
  t.true(lines.includes(' ~> EHLO me'));
});
