import test from 'ava';
import { runCli } from '../helpers/cli.js';

// Each mistake is the user's, so it is a usage error before anything connects: nothing on stdout, one reason.
const mistakes: [string[], RegExp][] = [
  [['[::1'], /unclosed \[ in the target "\[::1"/],
  [['[::1]x'], /\[IPv6\]:port/],
  [['[mx.example]:25'], /brackets hold an IPv6 address/],
  [['smtp://127.0.0.1:2640'], /give host\[:port\], not a URL/],
  [['foo bar:25'], /"foo bar" cannot be a host name/],
  [['mx/x'], /"mx\/x" cannot be a host name/],
  [['mx:25:26'], /an IPv6 address with a port goes in brackets/],
  [['-6', '127.0.0.1:2640'], /-6 .*IPv4 address/],
  [['-4', '[::1]:2640'], /-4 .*IPv6 address/],
  [['-4', '::1'], /-4 .*IPv6 address/],
];

for (const [args, reason] of mistakes) {
  test(`${args.join(' ')} is a usage error`, async (t) => {
    const result = await runCli(['--script', '-', ...args], { input: 'QUIT\n' });
    t.is(result.code, 64, result.stdout + result.stderr);
    t.is(result.stdout, '');
    t.regex(result.stderr, reason);
    t.regex(result.stderr, /^smtp-explorer: [^\n]*\nTry smtp-explorer --help\.\n$/);
  });
}

test('a host name of letters, digits, dots, hyphens and underscores is taken, as is an IDN', async (t) => {
  for (const target of ['mx-1.example_x.invalid:1', 'bücher.invalid']) {
    const result = await runCli(['--script', '-', '--timeout', '5', target], { input: 'QUIT\n' });
    t.is(result.code, 2, result.stdout + result.stderr);
  }
});
