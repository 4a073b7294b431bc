/** The workshop's command line as a teacher and students type it: listing, explaining, serving a scenario. */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { parseInvocation } from '../../src/cli/args.js';
import type { ClientFlags } from '../../src/cli/args.js';
import { listScenarios } from '../../src/server/scenarios/index.js';
import { runCli } from '../helpers/cli.js';
import { RawSmtp } from '../server/raw-smtp.js';
import { watchNode } from '../server/serve-process.js';
import type { WatchedProcess } from '../server/serve-process.js';

test('--list-scenarios: one line per scenario, "name  description"; --verbose adds the lessons', async (t) => {
  const [short, verbose] = await Promise.all([runCli(['--list-scenarios']), runCli(['--list-scenarios', '--verbose'])]);
  t.is(short.code, 0);
  const lines = short.stdout.trimEnd().split('\n');
  t.deepEqual(lines.map((line) => line.split(/\s{2,}/)), listScenarios().map((s) => [s.name, s.summary]));
  t.is(verbose.code, 0);
  t.is(verbose.stdout.match(/^ {4}Try:$/gm)?.length, listScenarios().length);
  t.is(verbose.stdout.match(/^ {4}Look for:$/gm)?.length, listScenarios().length);
  t.true(verbose.stdout.includes('    Implicit TLS (RFC 8314)'));
});

test('--explain 550 5.7.1 prints the meaning in words, without connecting', async (t) => {
  const result = await runCli(['--explain', '550', '5.7.1']);
  t.is(result.code, 0, result.stderr);
  const [title, meaning, status, ...rest] = result.stdout.trimEnd().split('\n');
  t.regex(title ?? '', /^550 5\.7\.1 — /);
  t.true((meaning ?? '').length > 20);
  t.regex(status ?? '', /^5\.7\.1 Delivery not authorized.*Permanent failure/);
  t.regex(rest.join('\n'), /^What to do: /m);
  t.regex(rest.at(-1) ?? '', /^Source: RFC 5321 §4\.2\.3; RFC 3463/);
  t.is(result.stdout.includes('Trying'), false);
});

test('--explain reads the server\'s wording too: greylisting, Exim\'s AUTH refusal, a pasted reply line', async (t) => {
  const [grey, exim, pasted] = await Promise.all([
    runCli(['--explain', '451', '4.7.1', 'Greylisted,', 'please', 'try', 'again', 'later']),
    runCli(['--explain', '503 AUTH command used when not advertised']),
    runCli(['--explain', '554-5.7.1 <x@example.org>: Relay access denied']),
  ]);
  t.regex(grey.stdout, /^The wording: Greylisting/m);
  t.regex(exim.stdout, /^The wording: The server did not offer AUTH/m);
  t.regex(pasted.stdout, /^554 5\.7\.1 — /);
  t.regex(pasted.stdout, /^The wording: The server will not relay/m);
});

test('the workshop flags parse into their modes; hints follow --scenario unless --no-hints', (t) => {
  t.deepEqual(parseInvocation(['--explain', '550', '5.7.1']), { mode: 'explain', words: ['550', '5.7.1'] });
  t.deepEqual(parseInvocation(['--list-scenarios', '--verbose']), { mode: 'list-scenarios', verbose: true });
  t.deepEqual(parseInvocation(['serve', '--scenario', 'slow']), { mode: 'serve', port: 0, listen: '127.0.0.1', scenario: 'slow' });
  const client = (argv: string[]): ClientFlags => {
    const invocation = parseInvocation(argv);
    if (invocation.mode !== 'script' && invocation.mode !== 'interactive') throw new Error(invocation.mode);
    return invocation.client;
  };
  t.like(client(['--scenario', 'slow']), { scenario: 'slow', hints: true });
  t.is(client(['--scenario', 'slow', '--no-hints']).hints, undefined);
  t.is(client(['--script', '-']).hints, undefined);
  t.is(client(['--script', '-', '--hints']).hints, true);
  t.throws(() => parseInvocation(['--scenario', 'greylist', 'mx.example.org']), { message: '--scenario starts its own server: give no host' });
  t.throws(() => parseInvocation(['--hints', '--no-hints']), { message: '--hints and --no-hints exclude each other' });
  t.throws(() => parseInvocation(['--verbose']), { message: '--verbose goes with --list-scenarios' });
});

test('usage errors exit 64 and say why: an unknown scenario, an --explain without a code', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['--explain', 'hello'], /--explain: give a reply code \(550\)/],
    [['--scenario', 'nope', '--script', '-'], /no scenario "nope"; there are: default, require-tls/],
    [['serve', '--scenario', 'nope'], /no scenario "nope"/],
  ];
  const results = await Promise.all(cases.map(([args]) => runCli(args)));
  results.forEach((result, i) => {
    t.is(result.code, 64, cases[i]![0].join(' '));
    t.regex(result.stderr, cases[i]![1]);
  });
});

test('--hints without a scenario: the built-in server, with the next steps', async (t) => {
  const result = await runCli(['--hints', '--script', '-'], { input: 'EHLO workshop.test\nQUIT\n' });
  t.is(result.code, 0, result.stdout);
  t.regex(result.stdout, /^=== next: EHLO /m);
  t.regex(result.stdout, /^=== next: STARTTLS, before anything else/m);
});

function serve(t: ExecutionContext, args: string[]): WatchedProcess {
  return watchNode(t, ['src/cli.ts', 'serve', ...args]);
}

async function stop(served: WatchedProcess): Promise<number | null> {
  served.child.kill('SIGTERM');
  return served.exit;
}

test('serve --scenario greylist: named on the first line, greylists, logs each message', async (t) => {
  const server = serve(t, ['--scenario', 'greylist']);
  const [, port] = (await server.line(/^listening on 127\.0\.0\.1:(\d+)$/)) ?? [];
  const client = await RawSmtp.connect(Number(port));
  t.teardown(() => client.end());
  await client.reply();
  await client.send('EHLO client.test');
  await client.send('MAIL FROM:<you@example.org>');
  t.is((await client.send('RCPT TO:<friend@example.org>')).code, 451);
  t.is((await client.send('RCPT TO:<friend@example.org>')).code, 250);
  await client.send('DATA');
  t.is((await client.send('Subject: hi\r\n\r\nhello\r\n.')).code, 250);
  await server.line(/^message 1 /);
  t.is(await stop(server), 0);
  t.deepEqual(server.stdout().trimEnd().split('\n'), [
    'scenario greylist: 451 4.7.1 to the first attempt of each sender and recipient; the retry is accepted',
    `listening on 127.0.0.1:${port}`,
    'message 1 from <you@example.org> to <friend@example.org> (22 bytes; 127.0.0.1, plaintext)',
  ]);
});

test('serve --scenario implicit-tls says clients must start with TLS, and logs the TLS version and login', async (t) => {
  const server = serve(t, ['--scenario', 'implicit-tls']);
  const [, port] = (await server.line(/^listening on 127\.0\.0\.1:(\d+) \(implicit TLS: clients need --tls-on-connect\)$/)) ?? [];
  const client = await RawSmtp.connectTls(Number(port), { rejectUnauthorized: false });
  t.teardown(() => client.end());
  await client.reply();
  await client.send('EHLO client.test');
  t.is((await client.send(`AUTH PLAIN ${Buffer.from('\0student\0workshop').toString('base64')}`)).code, 235);
  await client.send('MAIL FROM:<you@example.org>');
  await client.send('RCPT TO:<friend@example.org>');
  await client.send('DATA');
  await client.send('hello\r\n.');
  t.regex((await server.line(/^message 1 .*$/))[0], /\(7 bytes; 127\.0\.0\.1, TLSv1\.3, as student\)$/);
  t.is(await stop(server), 0);
});
