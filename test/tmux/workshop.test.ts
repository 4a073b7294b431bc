/**
 * Workshop mode in a real terminal: `smtp-explorer --scenario NAME` starts the built-in server and shows its lesson
 * (issue 7's acceptance at 100x30; at 80x24 in the TLS pane's place, saying that F3 brings it back), the smuggling
 * lesson as students type it, and a terminal with CI set.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { join } from 'node:path';
import { tempDir } from '../session/helpers.js';
import { cliCommand, hasTmux, Tmux } from './tmux.js';

const tmuxTest = (await hasTmux()) ? test.serial : test.skip;
const SIZE = { columns: 100, rows: 30 };
const HEADING = 'Lesson: require-tls — MAIL before STARTTLS is refused with 530 5.7.0';

async function explorer(t: ExecutionContext, args: string[], env: Record<string, string> = {}, size = SIZE): Promise<Tmux> {
  const home = await tempDir(t);
  const tmux = await Tmux.start(cliCommand(args, { XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), ...env }), size);
  t.teardown(() => tmux.kill());
  return tmux;
}

async function send(tmux: Tmux, line: string, shows: string): Promise<string> {
  await tmux.type(line);
  await tmux.keys('Enter');
  return tmux.waitForText(shows);
}

async function quit(t: ExecutionContext, tmux: Tmux): Promise<void> {
  await tmux.keys('C-c');
  const end = await tmux.waitForText('EXITED ');
  t.true(end.includes('EXITED 0'), end);
}

tmuxTest('--scenario require-tls: the lesson note at start, the 530 explained, F3 hides and shows the note', async (t) => {
  const tmux = await explorer(t, ['--scenario', 'require-tls', '--helo', 'x']);
  const start = await tmux.waitFor((screen) => screen.includes(HEADING) && screen.includes('220 localhost ESMTP'), 'the lesson and the greeting');
  t.true(start.split('\n').some((row) => /^│Try:/.test(row)), start);
  t.regex(start, /next: EHLO /, 'hints are on with a scenario');

  await send(tmux, 'EHLO x', '<-  250 SIZE');
  const refused = await send(tmux, 'MAIL FROM:<a@b.c>', '530 5.7.0 Must issue a STARTTLS command first');
  const explained = refused.includes('530 5.7.0 — ') ? refused : await tmux.waitForText('530 5.7.0 — ');
  t.regex(explained, /530 5\.7\.0 — STARTTLS or login required: .*wants STARTTLS/s);

  await tmux.keys('F3');
  const hidden = await tmux.waitFor((screen) => !screen.includes(HEADING), 'the note hidden');
  t.true(hidden.includes('530 5.7.0 Must issue a STARTTLS command first'), 'the transcript stays');
  await tmux.keys('F3');
  await tmux.waitForText(HEADING);
  await quit(t, tmux);
});

tmuxTest('--scenario default at 80x24: the lesson in the TLS pane\'s place says F3 brings it back, and F3 does', async (t) => {
  const tmux = await explorer(t, ['--scenario', 'default', '--helo', 'x'], {}, { columns: 80, rows: 24 });
  await tmux.waitFor((screen) => screen.includes('Lesson (F3 shows the TLS pane)') && screen.includes('220 localhost ESMTP'), 'the lesson');
  await send(tmux, 'EHLO x', '<-  250 SIZE');
  await send(tmux, 'STARTTLS', 'TLS started');
  const tls = await tmux.waitForText('Lesson · TLS is on: F3 shows the TLS pane');
  t.false(tls.includes('ENCRYPTED — TLSv1.3'), tls);
  await tmux.keys('F3');
  const back = await tmux.waitForText('ENCRYPTED — TLSv1.3');
  t.false(back.includes('Lesson'), back);
  await quit(t, tmux);
});

tmuxTest('the smuggling lesson as written: /raw inside DATA, then /mailbox shows the smuggled message from the CEO', async (t) => {
  const tmux = await explorer(t, ['--scenario', 'smuggling-vulnerable', '--no-hints']);
  await tmux.waitForText('Lesson: smuggling-vulnerable');
  await tmux.waitForText('220 ');
  await send(tmux, 'EHLO x', '<-  250 ');
  await send(tmux, 'MAIL FROM:<student@example.org>', '<-  250 ');
  await send(tmux, 'RCPT TO:<friend@example.org>', 'RCPT TO:<friend@example.org>');
  await send(tmux, 'DATA', '354 ');
  await send(tmux, '/raw', 'raw mode on');
  const raw =
    'Subject: one\\r\\n\\r\\nhello\\n.\\nMAIL FROM:<ceo@example.org>\\r\\nRCPT TO:<friend@example.org>\\r\\nDATA\\r\\n' +
    'Subject: smuggled\\r\\n\\r\\npay the invoice\\r\\n.\\r\\n';
  await tmux.type(raw);
  await tmux.keys('Enter');
  await tmux.waitFor((screen) => (screen.match(/^│<\*\* /gm) ?? []).length >= 1, 'the replies nobody asked for');
  await send(tmux, '/raw', 'raw mode off');
  const list = await send(tmux, '/mailbox', 'Mailbox — 2 messages');
  t.regex(list, /message 1 from <student@example\.org> to <friend@example\.org>/);
  t.regex(list, /message 2 from <ceo@example\.org> to <friend@example\.org>/);
  await tmux.keys('Escape');
  await tmux.waitFor((screen) => !screen.includes('Mailbox —'), 'the mailbox closed');
  t.regex(await tmux.screen(), /mailbox: 2/);
  await quit(t, tmux);
});

tmuxTest('with CI set the explorer still draws every frame, in colour', async (t) => {
  const colour = /\x1b\[(?:[0-9;]*;)?(3[0-7]|9[0-7]|38;[25];[0-9;]+)m/;
  const tmux = await explorer(t, ['--helo', 'x'], { CI: 'true', CONTINUOUS_INTEGRATION: '1' });
  await tmux.waitForText('220 localhost ESMTP');
  await send(tmux, 'EHLO x', '<-  250 SIZE');
  t.true(colour.test(await tmux.screen(true)));
  await quit(t, tmux);
});
