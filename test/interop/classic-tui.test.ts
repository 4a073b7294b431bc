// Issue 6, case 1, typed by hand: the interactive explorer in tmux against Exim. The same session that kills
// `openssl s_client` at `RCPT TO` (each line arrives as its own read, as typing does) delivers here; AUTH before
// TLS is asked about, refused by Exim with 503 and explained under the transcript; the TLS pane shows the
// self-signed verdict and what STARTTLS changed.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { skipReason } from '../helpers/exim.js';
import { tempDir } from '../session/helpers.js';
import { cliCommand, hasTmux, Tmux } from '../tmux/tmux.js';
import { exim, plainAuth } from './harness.js';

const reason = skipReason() ?? ((await hasTmux()) ? undefined : 'tmux is not installed');
if (reason) console.warn(`interactive Exim interop skipped: ${reason}`);
const tuiTest = reason ? test.skip : test;
const SIZE = { columns: 120, rows: 40 };

/** True when a screen row holds `first` and the row right below it holds `then`. */
function follows(screen: string, first: string, then: string): boolean {
  const rows = screen.split('\n');
  return rows.some((row, i) => row.includes(first) && (rows[i + 1] ?? '').includes(then));
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

async function typeLine(tmux: Tmux, line: string): Promise<void> {
  if (line !== '') await tmux.type(line);
  await tmux.keys('Enter');
}

/** Types a line and waits until `reply` shows on the row below `sent`. */
async function exchange(tmux: Tmux, line: string, sent: string, reply: string): Promise<string> {
  await typeLine(tmux, line);
  return tmux.waitFor((screen) => follows(screen, sent, reply), `"${reply}" under "${sent}"`);
}

tuiTest('typed in the TUI: 503 to AUTH before TLS explained, then STARTTLS, AUTH, RCPT TO, DATA deliver', async (t) => {
  const instance = await exim(t);
  const secret = plainAuth(instance.user, instance.password);
  const home = await tempDir(t);
  const env = { XDG_STATE_HOME: path.join(home, 'state'), XDG_CONFIG_HOME: path.join(home, 'config'), NO_COLOR: '1' };
  const tmux = await Tmux.start(cliCommand([`127.0.0.1:${instance.port}`], env), SIZE);
  t.teardown(() => tmux.kill());

  await tmux.waitForText('<-  220 exim.test ESMTP Exim');
  let screen = await exchange(tmux, 'EHLO demo.test', '<-  250-SMTPUTF8', '<-  250 HELP');
  t.true(screen.includes('The server offers STARTTLS'));

  await typeLine(tmux, `AUTH PLAIN ${secret}`);
  await tmux.waitForText('Send AUTH? the connection is PLAINTEXT');
  await tmux.keys('y');
  await tmux.waitFor((s) => follows(s, '-> AUTH PLAIN [redacted]', '<-  503 AUTH command used when not advertised'), 'the 503');
  screen = await tmux.waitForText('503 — Bad sequence of commands: The server did not offer AUTH in its EHLO reply');
  t.true(screen.includes('Send STARTTLS and EHLO again'));

  await typeLine(tmux, 'STARTTLS');
  screen = await tmux.waitForText('=== TLS started: TLSv1.3');
  t.regex(screen.split('\n')[0] ?? '', /TLSv1\.3 · TLS_AES_\w+ · self-signed ✗/);

  screen = await exchange(tmux, 'EHLO demo.test', '<~  250-SMTPUTF8', '<~  250 HELP');
  t.true(screen.includes('<~  250-AUTH PLAIN LOGIN'));
  t.true(screen.includes('What STARTTLS changed'));
  t.true(screen.includes('AUTH PLAIN LOGIN appeared after'));

  // The yes given for plaintext does not cover an unverified certificate: a second question, for that reason.
  await typeLine(tmux, `AUTH PLAIN ${secret}`);
  await tmux.waitForText('Send AUTH? the certificate is not verified');
  await tmux.keys('y');
  await tmux.waitFor((s) => follows(s, '~> AUTH PLAIN [redacted]', '<~  235 Authentication succeeded'), 'the 235');
  await exchange(tmux, `MAIL FROM:<${instance.user}@${instance.domain}>`, `~> MAIL FROM:<${instance.user}@${instance.domain}>`, '<~  250 OK');
  await exchange(tmux, `RCPT TO:<bob@${instance.domain}>`, `~> RCPT TO:<bob@${instance.domain}>`, '<~  250 Accepted');
  await exchange(tmux, 'DATA', '~> DATA', '<~  354 ');
  for (const line of ['Subject: typed in the TUI', '', 'Hello Bob.']) await typeLine(tmux, line);
  screen = await exchange(tmux, '.', '~> .', '<~  250 OK id=');
  await exchange(tmux, 'QUIT', '~> QUIT', '<~  221 exim.test closing connection');
  t.false(screen.includes(secret));

  const [message] = await instance.waitForMail(1);
  t.regex(message?.content ?? '', /^Subject: typed in the TUI$/m);
  t.regex(message?.content ?? '', /^Envelope-to: bob@example\.test$/m);
  t.regex(await instance.log(), /<= alice@example\.test .* X=TLS1\.3:\S+ CV=no A=plain:alice /);

  await tmux.waitForText('not connected');
  await typeLine(tmux, '/quit');
  await tmux.waitForText('EXITED 0');
  // History is kept, the secret never.
  const kept = await Promise.all((await filesUnder(home)).map((file) => readFile(file, 'utf8')));
  t.true(kept.some((text) => text.includes(`RCPT TO:<bob@${instance.domain}>`)), 'the history holds the typed lines');
  t.false(kept.some((text) => text.includes(secret)));
});
