/**
 * The explorer in a real terminal (tmux, 120x40): the seed story against the built-in server, history after a
 * restart, the template picker, a resize, NO_COLOR, and a server that sends terminal escapes.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { saslPlain } from '../../src/core/sasl.js';
import { WORKSHOP_PASSWORD, WORKSHOP_USER } from '../../src/server/builtin.js';
import type { BuiltinServer } from '../../src/server/builtin.js';
import { startRawServer } from '../helpers/raw-server.js';
import { builtinServer, tempDir } from '../session/helpers.js';
import { cliCommand, hasTmux, Tmux } from './tmux.js';

const tmuxTest = (await hasTmux()) ? test.serial : test.skip;
const SIZE = { columns: 120, rows: 40 };
const FLAGS = ['--helo', 'client.test', '--from', 'a@example.org', '--to', 'b@example.org', '--auth-user', WORKSHOP_USER];
const SECRETS = [saslPlain(WORKSHOP_USER, WORKSHOP_PASSWORD), Buffer.from(WORKSHOP_PASSWORD).toString('base64')];

async function explorer(t: ExecutionContext, server: { port: number }, home: string, env: Record<string, string> = {}, args = FLAGS): Promise<Tmux> {
  const command = cliCommand([`127.0.0.1:${server.port}`, ...args], { XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), ...env });
  const tmux = await Tmux.start(command, SIZE);
  t.teardown(() => tmux.kill());
  return tmux;
}

/** Every screen seen, so the end of the test can look for secrets in all of them. */
function recording(tmux: Tmux): { screens: string[]; waitForText(text: string): Promise<string> } {
  const screens: string[] = [];
  return {
    screens,
    async waitForText(text) {
      const screen = await tmux.waitForText(text);
      screens.push(screen);
      return screen;
    },
  };
}

async function seedStory(t: ExecutionContext, server: BuiltinServer, tmux: Tmux): Promise<string[]> {
  const seen = recording(tmux);
  await seen.waitForText('220 localhost ESMTP');
  await tmux.type('EHLO client.test');
  await tmux.keys('Enter');
  await seen.waitForText('<-  250 SIZE');
  await tmux.type('STARTTLS');
  await tmux.keys('Enter');
  await seen.waitForText('ENCRYPTED — TLSv1.3');
  await tmux.type('EHLO client.test');
  await tmux.keys('Enter');
  const afterTls = await seen.waitForText('AUTH PLAIN LOGIN appeared');
  t.true(afterTls.includes('version: TLSv1.3'), 'the TLS pane shows the version');
  t.true(afterTls.includes('cipher: TLS_AES_256_GCM_SHA384'), 'the TLS pane shows the cipher');
  t.true(afterTls.includes('TLSv1.3 · TLS_AES_256_GCM_SHA384 · self-signed ✗'), 'the status badge');

  await tmux.keys('C-t');
  await seen.waitForText('Templates — type to filter');
  await tmux.type('auth plain');
  await seen.waitForText('▶ AUTH PLAIN');
  await tmux.keys('Enter');
  await seen.waitForText('Send anyway? y/N');
  await tmux.type('y');
  await seen.waitForText('AUTH PLAIN: user');
  await seen.waitForText(`› ${WORKSHOP_USER}`);
  await tmux.keys('Enter');
  await seen.waitForText('password (not shown, not stored)');
  await tmux.type(WORKSHOP_PASSWORD);
  await seen.waitForText('› ••••••••');
  await tmux.keys('Enter');
  const authed = await seen.waitForText('235 2.7.0');
  t.true(authed.includes('~> AUTH PLAIN [redacted]'));

  await tmux.type('MAIL FROM:<a@example.org>');
  await tmux.keys('Enter');
  await seen.waitForText('<~  250 2.1.0');
  await tmux.type('RCPT TO:<b@example.org>');
  await tmux.keys('Enter');
  const rcpt = await seen.waitForText('<~  250 2.1.5');
  t.true(rcpt.includes(' ~> RCPT TO:<b@example.org>'), 'RCPT sent over TLS, not taken for a renegotiation');
  await tmux.type('DATA');
  await tmux.keys('Enter');
  await seen.waitForText('DATA›');

  const body = ['Subject: pasted in tmux', '', ...Array.from({ length: 198 }, (_, i) => (i % 20 === 0 ? `.line ${i}: a leading dot` : `line ${i} of the pasted message`))];
  const received = new Promise((resolve) => server.onMessage(resolve));
  await tmux.paste(`${body.join('\r')}\r.\r`);
  await received;
  t.is(server.mailbox.at(-1)?.raw.toString(), `${body.join('\r\n')}\r\n`, 'the pasted message arrived intact');
  await seen.waitForText('250 2.6.0');

  await tmux.type('QUIT');
  await tmux.keys('Enter');
  await seen.waitForText('221 2.0.0');
  await tmux.keys('C-c');
  const end = await seen.waitForText('EXITED 0');
  t.false(end.includes('Transcript'), 'the alternate screen is gone: the terminal is restored');
  return seen.screens;
}

tmuxTest('the seed story, then history recalled after a restart', async (t) => {
  const server = await builtinServer(t);
  const home = await tempDir(t);
  const screens = await seedStory(t, server, await explorer(t, server, home));
  for (const screen of screens) for (const secret of SECRETS) t.false(screen.includes(secret), `a screen shows ${secret}`);

  const history = await readFile(join(home, 'state', 'smtp-explorer', 'history'), 'utf8');
  t.false(history.includes('AUTH'));
  t.false(history.includes('line 3 of the pasted message'), 'body lines are not history');
  t.true(history.endsWith('QUIT\n'));

  const again = await explorer(t, server, home);
  await again.waitForText('220 localhost ESMTP');
  await again.keys('Up');
  await again.waitForText('SMTP› QUIT');
  await again.keys('Up');
  await again.waitForText('SMTP› DATA');
  await again.keys('C-r');
  await again.type('mail');
  await again.waitForText('→ MAIL FROM:<a@example.org>');
  await again.keys('Enter');
  await again.waitForText('SMTP› MAIL FROM:<a@example.org>');
  await again.keys('C-c');
  await again.waitForText('EXITED 0');
});

tmuxTest('the template picker fills variables from the flags; F1 lists the keys', async (t) => {
  const server = await builtinServer(t);
  const tmux = await explorer(t, server, await tempDir(t));
  await tmux.waitForText('220 localhost ESMTP');
  await tmux.keys('C-t');
  await tmux.waitForText('Templates — type to filter');
  await tmux.type('rcpt');
  await tmux.waitForText('RCPT TO:<{to}>');
  await tmux.keys('Enter');
  await tmux.waitForText('SMTP› RCPT TO:<b@example.org>');
  await tmux.keys('C-u', 'F1');
  const help = await tmux.waitForText('Help — keys and commands');
  t.true(help.includes('Ctrl-T'));
  await tmux.keys('Escape');
  await tmux.waitFor((screen) => !screen.includes('Help — keys'), 'the help to close');
});

tmuxTest('a resize re-lays the screen: stacked at 80x24, side by side again at 120x40', async (t) => {
  const server = await builtinServer(t);
  const tmux = await explorer(t, server, await tempDir(t));
  const wide = await tmux.waitForText('220 localhost ESMTP');
  t.regex(wide.split('\n')[2] ?? '', /Transcript.*TLS/);
  await tmux.resize(80, 24);
  const narrow = await tmux.waitFor((screen) => screen.split('\n').some((line) => /^│ {2}TLS/.test(line) || /^│▶ TLS/.test(line)), 'the TLS pane under the transcript');
  t.true(narrow.split('\n').every((line) => [...line].length <= 80));
  t.true(narrow.includes('220 localhost ESMTP'));
  await tmux.resize(120, 40);
  await tmux.waitFor((screen) => /Transcript.*TLS/.test(screen.split('\n')[2] ?? ''), 'side by side again');
});

tmuxTest('NO_COLOR: the real terminal gets no colour at all; without it, colours', async (t) => {
  const server = await builtinServer(t);
  // Setting a colour, not resetting one (39 and 49 are the defaults, which tmux writes anyway).
  const colour = /\x1b\[(?:[0-9;]*;)?(3[0-7]|9[0-7]|4[0-7]|10[0-7]|38;[25];[0-9;]+)m/;
  const plain = await explorer(t, server, await tempDir(t), { NO_COLOR: '1' });
  await plain.waitForText('220 localhost ESMTP');
  t.false(colour.test(await plain.screen(true)));
  const coloured = await explorer(t, server, await tempDir(t));
  await coloured.waitForText('220 localhost ESMTP');
  t.true(colour.test(await coloured.screen(true)));
});

tmuxTest('a server sending terminal escapes changes nothing: title kept, screen not cleared, escapes shown', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220-\x1b]0;pwned\x07\x1b]2;pwned\x1b\\ hello\r\n220-\x1b[2J\x1b[H\x1b[6n\x1b[c\r\n220 \u202eevil\x9b2J\r\n');
    await peer.readLine();
  });
  t.teardown(() => server.close());
  const tmux = await explorer(t, server, await tempDir(t));
  await tmux.tmux('select-pane', '-t', 'main', '-T', 'explorer-test');
  // A whole frame: the transcript with the escapes, and the input line below it (a capture may catch one half-drawn).
  const screen = await tmux.waitFor((text) => text.includes('\\x1b]0;pwned') && text.includes('SMTP›'), 'the escapes shown and the input line');
  t.true(screen.includes('\\x1b[2J\\x1b[H\\x1b[6n\\x1b[c'));
  t.true(screen.includes('<U+202E>evil'));
  t.true(screen.includes('=== Trying 127.0.0.1'), 'the screen was not cleared');
  t.is(await tmux.title(), 'explorer-test');
  t.regex(screen, /SMTP› *\n/, 'no query answer typed into the input');
});
