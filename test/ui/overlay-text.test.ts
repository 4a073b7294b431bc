import test from 'ava';
import { LOCAL_COMMAND_HELP } from '../../src/session/local-commands.js';
import { KEYMAP } from '../../src/ui/keymap.js';
import { helpLines, overlayRows } from '../../src/ui/overlay-text.js';

test('the help lists every key with a help text and every command, meanings in one column', (t) => {
  const texts = helpLines().map((line) => line.text);
  for (const binding of KEYMAP.filter((candidate) => candidate.help)) t.true(texts.some((text) => text.endsWith(binding.help!)), binding.help);
  const commands = LOCAL_COMMAND_HELP.map((command) => texts.find((text) => text.startsWith(`  ${command.usage} `))!);
  const columns = new Set(commands.map((text, i) => text.indexOf(LOCAL_COMMAND_HELP[i]!.meaning)));
  t.is(columns.size, 1, 'one column for the meanings');
  t.true(texts.some((text) => text.includes('/explain CODE [ENHANCED] [TEXT]')));
  t.true(texts.some((text) => text.includes('F3') && text.includes('show or hide the lesson')));
});

test('a wrapped meaning continues under its first row, not under the command', (t) => {
  const rows = overlayRows({ kind: 'help', scroll: 0 }, 70).map((row) => row.text);
  const at = rows.findIndex((row) => row.startsWith('  /reconnect '));
  const column = rows[at]!.indexOf('connect again');
  t.regex(rows[at + 1] ?? '', new RegExp(`^ {${column}}\\S`));
});

test('a text overlay: its first line is the heading, blank lines are kept', (t) => {
  const rows = overlayRows({ kind: 'text', title: 'Mailbox', lines: ['message 1 from <a@b>', '', 'Subject: hi', '', 'hello'], scroll: 0 }, 40);
  t.deepEqual(
    rows.map((row) => row.text),
    ['message 1 from <a@b>', '', 'Subject: hi', '', 'hello'],
  );
  t.true(rows[0]?.heading);
  t.falsy(rows[2]?.heading);
});
