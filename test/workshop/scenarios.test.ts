/**
 * Every scenario end to end, the way a student meets it: `smtp-explorer --scenario NAME --script -`, checked
 * against what its lesson says to look for. Serial: each run is a process with its own server, and two dozen at
 * once starve a small machine into timeouts that are not the scenario's.
 */
import test from 'ava';
import { PLAIN_LOGIN } from '../../src/server/login.js';
import { runCli } from '../helpers/cli.js';
import type { CliResult } from '../helpers/cli.js';

const session = (...lines: string[]): string => `${lines.join('\n')}\n`;
const MESSAGE = ['MAIL FROM:<you@example.org>', 'RCPT TO:<friend@example.org>', 'DATA', 'Subject: hi', '', 'hello', '.'];
const TLS_ONLY = session('EHLO workshop.test', 'STARTTLS', 'EHLO workshop.test', 'QUIT');

function scenario(name: string, script: string, ...flags: string[]): Promise<CliResult> {
  return runCli(['--scenario', name, '--script', '-', ...flags], { input: script });
}

function lines(result: CliResult): string[] {
  return result.stdout.split('\n');
}

/** The index of the first line matching, or -1. */
function at(result: CliResult, pattern: RegExp): number {
  return lines(result).findIndex((line) => pattern.test(line));
}

test.serial('default: AUTH before TLS gets 503 "used when not advertised"; after STARTTLS it is offered and works', async (t) => {
  const result = await scenario(
    'default',
    session('EHLO workshop.test', `AUTH PLAIN ${PLAIN_LOGIN}`, 'STARTTLS', 'EHLO workshop.test', `AUTH PLAIN ${PLAIN_LOGIN}`, ...MESSAGE, 'QUIT'),
    '--keep-going',
  );
  t.is(result.code, 1, result.stdout);
  const refused = at(result, /^<- {2}503 5\.5\.1 AUTH command used when not advertised$/);
  const starttls = at(result, /^ -> STARTTLS$/);
  t.true(refused > 0 && refused < starttls);
  t.true(at(result, /^=== 503 5\.5\.1 .*The server did not offer AUTH/) > refused);
  t.deepEqual(lines(result).slice(0, starttls).filter((line) => /^<- {2}250.AUTH/.test(line)), []);
  t.true(at(result, /^<~ {2}250-AUTH PLAIN LOGIN$/) > starttls);
  t.true(at(result, /^<~ {2}235 /) > starttls);
  t.true(at(result, /^<~ {2}250 .*queued/) > starttls);
  t.regex(result.stdout, /=== certificate CN=localhost: chain ✗ self-signed · dates ✓ .* · hostname ✓/);
  t.false(result.stdout.includes(PLAIN_LOGIN));
});

test.serial('hints: on with a scenario, one "=== next:" line under each positive reply; --no-hints turns them off', async (t) => {
  const script = session('EHLO workshop.test', 'STARTTLS', 'EHLO workshop.test', 'QUIT');
  const hinted = await scenario('default', script);
  const quiet = await scenario('default', script, '--no-hints');
  t.is(hinted.code, 0);
  const hints = lines(hinted).filter((line) => line.startsWith('=== next: '));
  t.is(hints.length, 4, hinted.stdout);
  t.regex(hints[0] ?? '', /^=== next: EHLO /);
  t.regex(hints[1] ?? '', /^=== next: STARTTLS, before anything else/);
  t.regex(hints[2] ?? '', /^=== next: the TLS handshake, then EHLO again/);
  t.regex(hints[3] ?? '', /^=== next: AUTH PLAIN to log in \(offered: PLAIN LOGIN\)/);
  t.is(quiet.code, 0);
  t.false(quiet.stdout.includes('=== next:'));
});

test.serial('require-tls: MAIL before STARTTLS prints the 530 and exits 1; after STARTTLS it is accepted', async (t) => {
  const plain = await scenario('require-tls', session('EHLO workshop.test', 'MAIL FROM:<you@example.org>'));
  const secure = await scenario('require-tls', session('EHLO workshop.test', 'STARTTLS', 'EHLO workshop.test', ...MESSAGE, 'QUIT'));
  t.is(plain.code, 1, plain.stdout);
  t.true(lines(plain).includes('<-  530 5.7.0 Must issue a STARTTLS command first'));
  t.true(at(plain, /^=== 530 5\.7\.0 .*STARTTLS/) > 0);
  t.true(at(plain, /^=== stopping after 530 to MAIL FROM/) > 0);
  t.is(secure.code, 0, secure.stdout);
  t.true(lines(secure).includes('<~  250 2.1.0 Accepted'));
});

test.serial('strip-starttls: no STARTTLS in EHLO, a warning when it is sent anyway, and the upgrade still works', async (t) => {
  const result = await scenario('strip-starttls', TLS_ONLY);
  t.is(result.code, 0, result.stdout);
  const starttls = at(result, /^ -> STARTTLS$/);
  t.deepEqual(lines(result).slice(0, starttls).filter((line) => /STARTTLS|AUTH/.test(line) && line.startsWith('<-')), []);
  t.true(at(result, /^\*\*\* the server did not advertise STARTTLS/) < starttls);
  t.true(at(result, /^=== TLS started: TLSv1\.3/) > starttls);
  t.true(at(result, /^=== next: no STARTTLS offered: everything goes in plaintext/) > 0);
});

test.serial('auth-anywhere: AUTH offered and accepted in plaintext, the secret still masked', async (t) => {
  const result = await scenario('auth-anywhere', session('EHLO workshop.test', `AUTH PLAIN ${PLAIN_LOGIN}`, ...MESSAGE, 'QUIT'));
  t.is(result.code, 0, result.stdout);
  t.true(lines(result).includes('<-  250-AUTH PLAIN LOGIN'));
  t.true(lines(result).includes(' -> AUTH PLAIN [redacted]'));
  t.true(lines(result).includes('<-  235 2.7.0 Authentication successful'));
  t.true(at(result, /^=== next: logged in, but in plaintext/) > 0);
  t.false(result.stdout.includes(PLAIN_LOGIN));
  t.false(result.stdout.includes('workshop\n'));
});

test.serial('implicit-tls: the handshake comes first, every mark is TLS, AUTH offered at once', async (t) => {
  const result = await scenario('implicit-tls', session('EHLO workshop.test', `AUTH PLAIN ${PLAIN_LOGIN}`, ...MESSAGE, 'QUIT'));
  t.is(result.code, 0, result.stdout);
  t.regex(lines(result)[0] ?? '', /^=== Trying 127\.0\.0\.1:\d+ \(implicit TLS\)\.\.\.$/);
  t.true(at(result, /^=== TLS started: TLSv1\.3/) < at(result, /^<~ {2}220 /));
  t.deepEqual(lines(result).filter((line) => /^( ->|<- )/.test(line)), []);
  t.true(lines(result).includes('<~  250-AUTH PLAIN LOGIN'));
  t.false(result.stdout.includes('250-STARTTLS'));
  t.true(lines(result).includes('<~  235 2.7.0 Authentication successful'));
});

test.serial('tls12-only: a TLS 1.2 handshake with an ECDHE suite; a client insisting on TLS 1.3 fails', async (t) => {
  const tls12 = await scenario('tls12-only', TLS_ONLY);
  const tls13 = await scenario('tls12-only', TLS_ONLY, '--tls-min', 'TLSv1.3');
  t.is(tls12.code, 0, tls12.stdout);
  t.regex(tls12.stdout, /^=== TLS started: TLSv1\.2 · TLS_ECDHE_\w+ · x25519/m);
  t.is(tls13.code, 2, tls13.stdout);
  t.regex(tls13.stdout, /^\*\*\* TLS failed: .*protocol_version/m);
});

test.serial('legacy-tls10: a default client cannot; with --tls-min TLSv1 it gets TLS 1.0, RSA key exchange, a 1024-bit key', async (t) => {
  const modern = await scenario('legacy-tls10', TLS_ONLY);
  const legacy = await scenario('legacy-tls10', TLS_ONLY, '--tls-min', 'TLSv1');
  t.is(modern.code, 2, modern.stdout);
  t.regex(modern.stdout, /^\*\*\* TLS failed: .*protocol_version.*--tls-min TLSv1/m);
  t.is(legacy.code, 0, legacy.stdout);
  t.regex(legacy.stdout, /^=== TLS started: TLSv1 · TLS_RSA_WITH_AES_256_CBC_SHA · /m);
  t.regex(legacy.stdout, /strength ✗ RSA 1024 bits/);
  t.regex(legacy.stdout, /^\*\*\* TLS_RSA_WITH_AES_256_CBC_SHA is RSA key transport: no forward secrecy, whoever gets the server's key can decrypt recorded sessions \(RFC 9325 §4\.1\)$/m);
});

test.serial('expired-cert: dates ✗ and code 10, the session goes on; --strict-tls refuses with exit 2', async (t) => {
  const lenient = await scenario('expired-cert', TLS_ONLY);
  const strict = await scenario('expired-cert', TLS_ONLY, '--strict-tls');
  t.is(lenient.code, 0, lenient.stdout);
  t.regex(lenient.stdout, /dates ✗ expired/);
  t.regex(lenient.stdout, /^=== dates \(10 \/ CERT_HAS_EXPIRED\): the server certificate expired 30 days ago/m);
  t.true(lines(lenient).includes(' ~> QUIT'));
  t.is(strict.code, 2, strict.stdout);
  t.regex(strict.stdout, /^\*\*\* TLS failed: .*CERT_HAS_EXPIRED/m);
  t.false(strict.stdout.includes(' ~> '));
});

test.serial('wrong-host: hostname ✗ for 127.0.0.1; checking the name the certificate lists passes', async (t) => {
  const wrong = await scenario('wrong-host', TLS_ONLY);
  const named = await scenario('wrong-host', TLS_ONLY, '--servername', 'mail.example.net');
  t.is(wrong.code, 0, wrong.stdout);
  t.regex(wrong.stdout, /=== certificate CN=mail\.example\.net: .*hostname ✗/);
  t.regex(wrong.stdout, /^=== hostname \(62 \/ ERR_TLS_CERT_ALTNAME_INVALID\): 127\.0\.0\.1 is not among .*DNS:mail\.example\.net/m);
  t.is(named.code, 0, named.stdout);
  t.regex(named.stdout, /hostname ✓ mail\.example\.net/);
});

test.serial('greylist: 451 4.7.1 to the first RCPT, explained as greylisting; the retry is accepted', async (t) => {
  const stopped = await scenario('greylist', session('EHLO workshop.test', 'MAIL FROM:<you@example.org>', 'RCPT TO:<friend@example.org>'));
  const retried = await scenario('greylist', session('EHLO workshop.test', 'MAIL FROM:<you@example.org>', 'RCPT TO:<friend@example.org>', ...MESSAGE.slice(1), 'QUIT'), '--keep-going');
  t.is(stopped.code, 1, stopped.stdout);
  t.true(lines(stopped).includes('<-  451 4.7.1 Greylisted, please try again later'));
  t.regex(stopped.stdout, /^=== 451 4\.7\.1 — .*Greylisting.*→ Send the same MAIL FROM and RCPT TO again/m);
  t.is(retried.code, 1, retried.stdout);
  const [first, second] = lines(retried).filter((line) => line.startsWith('<-  ') && /^<- {2}(451|250) [24]\.\d\.\d/.test(line)).slice(1, 3);
  t.is(first, '<-  451 4.7.1 Greylisted, please try again later');
  t.is(second, '<-  250 2.1.5 Accepted');
  t.true(at(retried, /^<- {2}250 .*queued/) > 0);
});

test.serial('slow: a client whose --timeout is shorter than the held greeting gives up, exit 2', async (t) => {
  const result = await scenario('slow', session('EHLO workshop.test', 'QUIT'), '--timeout', '1');
  t.is(result.code, 2, result.stdout);
  t.true(lines(result).some((line) => line.startsWith('*** no complete reply to the greeting within 1 s')));
  t.false(result.stdout.includes('EHLO'));
});

test.serial('smuggling-vulnerable takes \\n.\\n as the end of DATA (the probe says so, and the run fails: exit 1)', async (t) => {
  const script = session('EHLO workshop.test', ...MESSAGE, 'QUIT');
  const result = await scenario('smuggling-vulnerable', script, '--probe-smuggling', '--timeout', '0.5', '--no-hints');
  t.is(result.code, 1, result.stdout);
  t.regex(result.stdout, /^\*\*\* smuggling probe, end of data as \\n\.\\n: accepted a non-standard end of data \(smuggling risk\): 250$/m);
  t.regex(result.stdout, /^=== smuggling probe, end of data as \\r\.\\r: still in DATA/m);
});
