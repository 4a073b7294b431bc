/**
 * Issue 4, item 3 in a real terminal: after a 454 to STARTTLS the server sends 235, 250 and 354 in the same write.
 * They answer nothing: shown as `<**` rows in the unsolicited colour; the status stays plaintext and not logged in;
 * MAIL then gets its own reply, and DATA is not taken as started by the fake 354.
 */
import test from 'ava';
import type { Behaviour } from '../hostile/harness.js';
import { answerUntilQuit } from '../hostile/peers.js';
import { hasTmux } from './tmux.js';
import { assertIntact, assertOnlyOwnEscapes, explore, inputRow, rowsStarting, statusBar, styleOf, tlsPaneText, transcriptLines } from './hostile-kit.js';

const tmuxTest = (await hasTmux()) ? test.serial : test.skip;

const FAKES = ['235 2.7.0 Authentication successful', '250 2.0.0 OK', '354 go ahead'];

const refuseWithFakes: Behaviour = async (peer) => {
  await peer.write('220 peer\r\n');
  await peer.expectLine(/^EHLO/);
  await peer.write('250-peer\r\n250 STARTTLS\r\n');
  await peer.expectLine(/^STARTTLS/);
  await peer.write(['454 4.7.0 TLS not available', ...FAKES, ''].join('\r\n'));
  await peer.expectLine(/^MAIL/);
  await peer.write('250 2.1.0 sender ok\r\n');
  await peer.expectLine(/^DATA/);
  await peer.write('554 5.5.1 no valid recipients\r\n');
  await answerUntilQuit(peer);
};

tmuxTest('fake 235/250/354 after a 454: unsolicited rows, still plaintext and not logged in, MAIL gets the real reply', async (t) => {
  const { explorer } = await explore(t, refuseWithFakes);
  await explorer.waitForText('<-  220 peer');
  await explorer.send('EHLO client.test');
  await explorer.waitForText('<-  250 STARTTLS');
  await explorer.send('STARTTLS');
  let screen = await explorer.waitForText(`<** ${FAKES[2]}`);
  await assertIntact(t, explorer, screen);
  const lines = transcriptLines(screen);
  t.true(lines.includes('<-  454 4.7.0 TLS not available'), 'the 454 answers STARTTLS');
  t.deepEqual(rowsStarting(screen, '<** '), FAKES.map((fake) => `<** ${fake}`));
  t.is(lines.filter((line) => line === '*** a reply nobody asked for: it answers no command').length, 3);
  const escaped = await explorer.tmux.screen(true);
  for (const fake of FAKES) t.deepEqual(styleOf(escaped, `<** ${fake}`), { foreground: '35', bold: true }, `${fake} in the unsolicited colour, bold`);
  t.deepEqual(styleOf(escaped, '<-  454 4.7.0'), { foreground: '33', bold: false }, 'the 454 in the colour of a transient failure');
  t.regex(statusBar(screen), /│ PLAINTEXT$/);
  t.notRegex(statusBar(screen), /AUTH|DATA/, 'not logged in, not in DATA');
  t.true(tlsPaneText(screen).startsWith('PLAINTEXT—nothingisencrypted'));
  t.is(inputRow(screen).label, 'SMTP›');

  await explorer.send('MAIL FROM:<a@b.example>');
  screen = await explorer.waitForText('<-  250 2.1.0 sender ok');
  t.is(transcriptLines(screen).at(-1), '<-  250 2.1.0 sender ok', 'the real reply answers MAIL');
  await explorer.send('DATA');
  screen = await explorer.waitForText('<-  554 5.5.1');
  t.is(inputRow(screen).label, 'SMTP›', 'the fake 354 did not open DATA');
  await assertIntact(t, explorer, screen);
  await assertOnlyOwnEscapes(t, explorer);
});
