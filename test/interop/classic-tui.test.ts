// Issue 6, case 1, typed by hand: the interactive explorer in tmux against Exim. The same session that kills
// `openssl s_client` at `RCPT TO` (each line arrives as its own read, as typing does) delivers here; AUTH before
// TLS is asked about, refused by Exim with 503 and explained under the transcript; the TLS pane shows the
// self-signed verdict and what STARTTLS changed.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { skipReason } from '../helpers/exim.js';
import { exim, plainAuth } from './harness.js';
import { startExplorer, tmuxSkipReason, type Terminal } from './tmux.js';

const reason = skipReason() ?? tmuxSkipReason();
if (reason) console.warn(`interactive Exim interop skipped: ${reason}`);
const tuiTest = reason ? test.skip : test;

/** True when a screen row holds `first` and the row right below it holds `then`. */
function follows(screen: string, first: string, then: string): boolean {
  const rows = screen.split('\n');
  return rows.some((row, i) => row.includes(first) && (rows[i + 1] ?? '').includes(then));
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Types a line and waits until `reply` shows on the row below it. */
async function exchange(terminal: Terminal, line: string, sent: string, reply: string): Promise<string> {
  await terminal.type(line);
  return terminal.waitFor(`"${reply}" under "${sent}"`, (screen) => follows(screen, sent, reply));
}

tuiTest('typed in the TUI: 503 to AUTH before TLS explained, then STARTTLS, AUTH, RCPT TO, DATA deliver', async (t) => {
  const instance = await exim(t);
  const secret = plainAuth(instance.user, instance.password);
  const terminal = await startExplorer([`127.0.0.1:${instance.port}`]);
  t.teardown(() => terminal.close());

  await terminal.waitFor('the greeting', (screen) => screen.includes('<-  220 exim.test ESMTP Exim'));
  let screen = await exchange(terminal, 'EHLO demo.test', '<-  250-SMTPUTF8', '<-  250 HELP');
  t.true(screen.includes('The server offers STARTTLS'));

  await terminal.type(`AUTH PLAIN ${secret}`);
  await terminal.waitFor('the plaintext AUTH question', (s) => s.includes('Send AUTH? the connection is PLAINTEXT'));
  await terminal.press('y');
  screen = await terminal.waitFor('the 503', (s) => follows(s, '-> AUTH PLAIN [redacted]', '<-  503 AUTH command used when not advertised'));
  screen = await terminal.waitFor('the explanation', (s) => s.includes('503 — Bad sequence of commands: Exim did not offer AUTH in its EHLO reply'));
  t.true(screen.includes('Send STARTTLS and EHLO again'));

  await terminal.type('STARTTLS');
  screen = await terminal.waitFor('TLS', (s) => s.includes('=== TLS started: TLSv1.3'));
  t.regex(screen.split('\n')[0] ?? '', /TLSv1\.3 · TLS_AES_\w+ · self-signed ✗/);

  screen = await exchange(terminal, 'EHLO demo.test', '<~  250-SMTPUTF8', '<~  250 HELP');
  t.true(screen.includes('<~  250-AUTH PLAIN LOGIN'));
  t.true(screen.includes('What STARTTLS changed'));
  t.true(screen.includes('AUTH PLAIN LOGIN appeared after'));

  await exchange(terminal, `AUTH PLAIN ${secret}`, '~> AUTH PLAIN [redacted]', '<~  235 Authentication succeeded');
  await exchange(terminal, `MAIL FROM:<${instance.user}@${instance.domain}>`, `~> MAIL FROM:<${instance.user}@${instance.domain}>`, '<~  250 OK');
  await exchange(terminal, `RCPT TO:<bob@${instance.domain}>`, `~> RCPT TO:<bob@${instance.domain}>`, '<~  250 Accepted');
  await exchange(terminal, 'DATA', '~> DATA', '<~  354 ');
  for (const line of ['Subject: typed in the TUI', '', 'Hello Bob.']) await terminal.type(line);
  screen = await exchange(terminal, '.', '~> .', '<~  250 OK id=');
  await exchange(terminal, 'QUIT', '~> QUIT', '<~  221 exim.test closing connection');
  t.false(screen.includes(secret));

  const [message] = await instance.waitForMail(1);
  t.regex(message?.content ?? '', /^Subject: typed in the TUI$/m);
  t.regex(message?.content ?? '', /^Envelope-to: bob@example\.test$/m);
  t.regex(await instance.log(), /<= alice@example\.test .* X=TLS1\.3:\S+ CV=no A=plain:alice /);

  await terminal.waitFor('the closed connection', (s) => s.includes('not connected'));
  await terminal.type('/quit');
  t.is(await terminal.exited(), 0);
  // History is kept, the secret never.
  const kept = await Promise.all((await filesUnder(terminal.home)).map((file) => readFile(file, 'utf8')));
  t.true(kept.some((text) => text.includes(`RCPT TO:<bob@${instance.domain}>`)), 'the history holds the typed lines');
  t.false(kept.some((text) => text.includes(secret)));
});

