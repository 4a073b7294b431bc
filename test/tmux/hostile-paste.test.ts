/**
 * Issue 4, item 8 in a real terminal: what is pasted. CRLF inside a paste splits it into lines that go out in order;
 * a NUL is refused with the line shown escaped, before anything goes out; a 600-octet command and a 1,200-octet body
 * line go out under a warning row; a 12,000-octet AUTH line (within RFC 4954's 12,288) under none.
 */
import test from 'ava';
import { acceptEverything } from '../hostile/peers.js';
import { hasTmux } from './tmux.js';
import { assertIntact, assertOnlyOwnEscapes, explore, infoText, transcriptLines } from './hostile-kit.js';

const tmuxTest = (await hasTmux()) ? test.serial : test.skip;

/** The row just above `sent` in the transcript. */
function above(screen: string, sent: string): string | undefined {
  const lines = transcriptLines(screen);
  return lines[lines.lastIndexOf(sent) - 1];
}

tmuxTest('pastes: CRLF splits in order, NUL refused before sending, long lines warned, long AUTH lines not', async (t) => {
  const { explorer, server } = await explore(t, acceptEverything);
  const received = (): string => server.peers[0]!.received.toString('latin1');
  await explorer.waitForText('<-  220 lenient');

  await explorer.paste('MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\n');
  let screen = await explorer.waitFor((text) => transcriptLines(text).at(-1) === '<-  250 ok' && transcriptLines(text).includes(' -> RCPT TO:<c@d.example>'), 'both pasted lines answered');
  t.deepEqual(transcriptLines(screen).slice(-4), [' -> MAIL FROM:<a@b.example>', '<-  250 ok', ' -> RCPT TO:<c@d.example>', '<-  250 ok']);
  t.true(received().endsWith('MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\n'), 'in order, one line each');

  const before = received();
  await explorer.paste('VRFY a\x00b\r\nNOOP\r\n');
  screen = await explorer.waitForText('not sent:');
  t.regex(infoText(screen), /^not sent: the line contains NUL \(\\x00\) at column 7.*: VRFY a\\x00b \(and 1 queued line behind it\)$/);
  t.is(received(), before, 'nothing of the paste went out');
  await assertIntact(t, explorer, screen);

  const command = `NOOP ${'x'.repeat(595)}`;
  await explorer.paste(`${command}\r`);
  screen = await explorer.waitFor((text) => transcriptLines(text).at(-1) === '<-  250 ok' && transcriptLines(text).includes(` -> ${command}`), 'the long command answered');
  t.is(above(screen, ` -> ${command}`), '*** 602 octets with CRLF, over the 512 that RFC 5321 §4.5.3.1.4 allows for a command line: the server may refuse or cut it');

  await explorer.send('DATA');
  await explorer.waitForText('<-  354 go ahead');
  const body = 'b'.repeat(1200);
  await explorer.paste(`${body}\r.\r`);
  screen = await explorer.waitForText('<-  250 2.0.0 queued');
  t.is(above(screen, ` -> ${body}`), '*** 1202 octets with CRLF, over the 1000 that RFC 5321 §4.5.3.1.6 allows for a text line: the server may refuse or cut it');

  await explorer.paste(`AUTH PLAIN ${'A'.repeat(12_000)}\r`);
  await explorer.waitForText('Send anyway? y/N');
  await explorer.tmux.type('y');
  screen = await explorer.waitForText('<-  235 2.7.0 ok');
  t.is(above(screen, ' -> AUTH PLAIN [redacted]'), '<-  250 2.0.0 queued', 'no warning for a 12,013-octet AUTH line');
  t.true(received().includes(`AUTH PLAIN ${'A'.repeat(12_000)}\r\n`));
  await assertIntact(t, explorer, screen);
  await assertOnlyOwnEscapes(t, explorer);
});

tmuxTest('bracketed paste: escapes and control keys in a paste are text, shown escaped and sent as pasted; a pasted /quit in a body is body', async (t) => {
  const { explorer, server } = await explore(t, acceptEverything);
  const received = (): string => server.peers[0]!.received.toString('latin1');
  await explorer.waitForText('<-  220 lenient');

  await explorer.paste('NOOP \x1b[31mred\x07 x\x01y\x7fz\r', true);
  let screen = await explorer.waitFor((text) => transcriptLines(text).at(-1) === '<-  250 ok', 'the pasted NOOP answered');
  t.true(transcriptLines(screen).includes(' -> NOOP \\x1b[31mred\\x07 x\\x01y\\x7fz'), transcriptLines(screen).join('\n'));
  t.true(received().endsWith('NOOP \x1b[31mred\x07 x\x01y\x7fz\r\n'), 'sent as pasted: nothing dropped, nothing acted on');
  await assertIntact(t, explorer, screen);

  // History keeps the line as sent; its search shows it escaped too.
  await explorer.tmux.keys('C-r');
  await explorer.tmux.type('NOOP');
  screen = await explorer.waitForText('→ NOOP \\x1b[31mred\\x07 x\\x01y\\x7fz');
  await explorer.tmux.keys('Escape');
  await explorer.waitFor((text) => !text.includes('search ['), 'the search closed');

  await explorer.send('DATA');
  await explorer.waitForText('<-  354 go ahead');
  await explorer.paste('/quit\r', true);
  await explorer.paste('.\r', true);
  screen = await explorer.waitForText('<-  250 2.0.0 queued');
  t.true(received().includes('\r\n/quit\r\n.\r\n'), 'one pasted line starting with / is a body line');
  t.true(transcriptLines(screen).includes(' -> /quit'));
  await assertIntact(t, explorer, screen);
  await assertOnlyOwnEscapes(t, explorer);
});
