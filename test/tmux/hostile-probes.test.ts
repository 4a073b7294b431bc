/**
 * Issue 4, item 10 in a real terminal: raw mode sends exact bytes. In DATA, `smuggling probe\n.\n` against a server
 * that ends DATA at a bare-LF dot is answered 250 (a smuggling risk), the sent row showing the bytes escaped;
 * `STARTTLS\r\nNOOP\r\n` in one write against a server that keeps its plaintext buffer gets the NOOP answered
 * inside TLS.
 */
import test from 'ava';
import { generateCertificate } from '../../src/server/certs.js';
import { endsDataAt, startTlsPeer } from '../hostile/peers.js';
import { hasTmux } from './tmux.js';
import { assertIntact, assertOnlyOwnEscapes, explore, inputRow, styleOf, throughPeers, transcriptLines } from './hostile-kit.js';

const tmuxTest = (await hasTmux()) ? test.serial : test.skip;
const certificate = await generateCertificate();

tmuxTest('raw in DATA: a bare-LF end of data is answered 250, the bytes shown escaped', async (t) => {
  const { explorer } = await explore(t, endsDataAt(/\r?\n\.\r?\n/));
  await explorer.waitForText('<-  220 smuggler');
  await explorer.send('DATA');
  await explorer.waitForText('<-  354 go ahead');
  await explorer.send('/raw');
  await explorer.waitForText('raw mode on');
  await explorer.send('smuggling probe\\n.\\n');
  const screen = await explorer.waitForText('<-  250 2.0.0 queued');
  t.deepEqual(transcriptLines(screen).slice(-2), [' -> smuggling probe\\n.\\n', '<-  250 2.0.0 queued 15 bytes'], 'the server ended the message at the bare-LF dot');
  t.deepEqual(styleOf(await explorer.tmux.screen(true), ' -> smuggling probe'), { foreground: '95', bold: false }, 'a raw send in its own colour');
  t.is(inputRow(screen).label, 'RAW›', 'out of DATA, still in raw mode');
  await assertIntact(t, explorer, screen);
  await assertOnlyOwnEscapes(t, explorer);
});

const INJECTION_CASES = [
  { name: 'a server that keeps its plaintext buffer', keepsBuffer: true },
  { name: 'a server that drops it', keepsBuffer: false },
];

tmuxTest('raw STARTTLS and NOOP in one write: TLS starts, and the NOOP is answered inside TLS only where the server is broken', async (t) => {
  const explorer = await throughPeers(
    t,
    INJECTION_CASES,
    ({ keepsBuffer }) => startTlsPeer(keepsBuffer, certificate),
    async (explorer, { name, keepsBuffer }) => {
      await explorer.waitForText('<-  220 ready');
      await explorer.send('/raw');
      await explorer.waitForText('raw mode on');
      await explorer.send('STARTTLS\\r\\nNOOP\\r\\n');
      await explorer.waitForText('ENCRYPTED');
      await explorer.send('/raw');
      await explorer.waitForText('raw mode off');
      await explorer.send('EHLO client.test');
      const screen = await explorer.waitForText('<~  250 ok');
      const lines = transcriptLines(screen);
      t.is(lines.includes('<~  250 2.0.0 NOOP ok'), keepsBuffer, `${name}: the NOOP answered inside TLS`);
      t.deepEqual(lines.slice(-2), [' ~> EHLO client.test', '<~  250 ok'], `${name}: client and server still in step`);
      await assertIntact(t, explorer, screen);
    },
    { args: ['--timeout', '1'] },
  );
  await assertOnlyOwnEscapes(t, explorer);
});
