import test from 'ava';
import { flagName, OPTIONS, parseInvocation, UsageError } from '../../src/cli/args.js';
import { USAGE } from '../../src/cli/usage.js';
import { parseTarget } from '../../src/cli/target-text.js';

test('host, host:port, [v6]:port and bare IPv6', (t) => {
  t.deepEqual(parseTarget('mx.example'), { host: 'mx.example', port: 25 });
  t.deepEqual(parseTarget('mx.example:587'), { host: 'mx.example', port: 587 });
  t.deepEqual(parseTarget('[::1]:2525'), { host: '::1', port: 2525 });
  t.deepEqual(parseTarget('::1'), { host: '::1', port: 25 });
  t.throws(() => parseTarget('mx:0'), { instanceOf: UsageError });
});

test('port 465 means implicit TLS', (t) => {
  const invocation = parseInvocation(['mx.example:465']);
  t.true(invocation.mode === 'interactive' && invocation.client.tlsOnConnect);
});

test('script mode with its flags', (t) => {
  const invocation = parseInvocation(['--script', 'x.smtp', 'mx:2525', '--json', '--tls-min', 'TLSv1', '--timeout', '2', '-6']);
  t.like(invocation, { mode: 'script', file: 'x.smtp', json: true, client: { tlsMin: 'TLSv1', timeoutSeconds: 2, family: 6 } });
});

test('serve takes --port and --listen', (t) => {
  t.deepEqual(parseInvocation(['serve', '--port', '2525', '--listen', '0.0.0.0']), { mode: 'serve', port: 2525, listen: '0.0.0.0' });
  t.deepEqual(parseInvocation(['serve']), { mode: 'serve', port: 0, listen: '127.0.0.1' });
});

test('contradictions are usage errors', (t) => {
  for (const argv of [['-4', '-6'], ['--cert', 'c.pem'], ['--json'], ['--servername', 'a', '--no-sni'], ['a', 'b'], ['--timeout', '-1']]) {
    t.throws(() => parseInvocation(argv), { instanceOf: UsageError }, argv.join(' '));
  }
});

test('the usage text prints escapes as escapes: every line is one line of text', (t) => {
  for (const line of USAGE.split('\n')) t.false(/[\r\x00-\x08]/.test(line), line);
  t.true(USAGE.includes('(\\n.\\n, \\r.\\r, …)'));
  t.true(USAGE.includes('"STARTTLS\\r\\nNOOP\\r\\n"'));
});

test('a usage error is known by its brand, so one thrown by another bundle’s copy of the class still counts', (t) => {
  const fromAnotherCopy = Object.assign(new Error('no scenario "x"'), { [Symbol.for('smtp-explorer.UsageError')]: true });
  t.true(fromAnotherCopy instanceof UsageError);
  t.true(new UsageError('bad flag') instanceof UsageError);
  t.true(new UsageError('bad flag') instanceof Error);
  t.false(new Error('other') instanceof UsageError);
  t.false((null as unknown) instanceof UsageError);
});

test('a flag its mode would ignore is a usage error: --keep-going without --script, --json with --explain or --list-scenarios, -6 with no host', (t) => {
  const refused: Array<[string[], string]> = [
    [['--probe-tls', 'mx.example', '--keep-going'], '--keep-going goes with --script'],
    [['mx.example', '--keep-going'], '--keep-going goes with --script'],
    [['--explain', '550', '--json'], '--json does not go with --explain'],
    [['--list-scenarios', '--json'], '--json does not go with --list-scenarios'],
    [['--list-scenarios', 'mx.example'], '--list-scenarios takes no host, got: mx.example'],
    [['-6'], '-6 needs a host: the built-in server listens on 127.0.0.1, IPv4 only'],
    [['-6', '--scenario', 'slow', '--script', '-'], '-6 needs a host: the built-in server listens on 127.0.0.1, IPv4 only'],
    [['--probe-tls', 'mx.example', '--keylog', 'keys.log'], '--keylog goes with --script or the explorer: the --probe-tls connections write no key log'],
  ];
  for (const [argv, message] of refused) t.throws(() => parseInvocation(argv), { instanceOf: UsageError, message }, argv.join(' '));
  // Where they do something, they stay.
  t.like(parseInvocation(['--script', '-', '--keep-going']), { mode: 'script', keepGoing: true });
  t.like(parseInvocation(['--script', '-', 'mx.example', '--probe-tls', '--keylog', 'keys.log']), { mode: 'script', probeTls: true, client: { keylogFile: 'keys.log' } });
  t.like(parseInvocation(['-4', '--script', '-']), { mode: 'script', client: { family: 4 } });
  t.like(parseInvocation(['-6', '--script', '-', 'mx.example']), { mode: 'script', client: { family: 6 } });
  t.like(parseInvocation(['--list-scenarios', '--verbose']), { mode: 'list-scenarios', verbose: true });
});

test('--help lists every option, and --timeout\'s defaults as README gives them', (t) => {
  // The option column: what a line names before its description, after two spaces or more.
  const named = USAGE.split('\n').flatMap((line) => (/^ {2}(\S.*?)(?: {2,}|$)/.exec(line)?.[1] ?? '').split(/[\s,[\]]+/));
  for (const name of Object.keys(OPTIONS)) t.true(named.includes(flagName(name)), flagName(name));
  t.true(USAGE.includes('defaults: connect 15 s, greeting and commands 60 s,\n                          TLS handshake 30 s, end of DATA 600 s'), USAGE);
});
