/**
 * Issue 4, item 2 in a real terminal: bytes sent after STARTTLS's 220 in plaintext (a whole injected EHLO reply, a
 * fragment, a flood) are discarded and reported; the TLS pane and the status bar never list them as capabilities.
 */
import test from 'ava';
import { generateCertificate } from '../../src/server/certs.js';
import type { Behaviour } from '../hostile/harness.js';
import { answerStartTls, answerUntilQuit } from '../hostile/peers.js';
import { hasTmux } from './tmux.js';
import { assertIntact, assertOnlyOwnEscapes, statusBar, throughPeers, tlsPaneText, transcriptLines } from './hostile-kit.js';

const tmuxTest = (await hasTmux()) ? test.serial : test.skip;
const certificate = await generateCertificate();

/** Offers STARTTLS, answers it with `reply` (the 220 and what is injected after it), then `250 ok` to every line over TLS. */
const injecting =
  (reply: string): Behaviour =>
  async (peer) => {
    await peer.write('220 peer\r\n');
    await peer.expectLine(/^EHLO/);
    await peer.write('250-peer\r\n250 STARTTLS\r\n');
    await peer.expectLine(/^STARTTLS/);
    await answerStartTls(peer, reply, certificate);
    await answerUntilQuit(peer);
  };

const CASES: Array<{ name: string; reply: string; evidence: string }> = [
  { name: 'three lines after the 220', reply: '220 Ready\r\n250-evil\r\n250 AUTH PLAIN\r\n', evidence: '250-evil\\r\\n250 AUTH PLAIN\\r\\n' },
  { name: 'a CRLF-free fragment', reply: '220 Ready\r\n250 AUTH PLAI', evidence: '250 AUTH PLAI' },
  { name: 'a flood of 300 lines', reply: `220 Ready\r\n${'250-evil\r\n'.repeat(300)}250 AUTH PLAIN\r\n`, evidence: '(2,' },
];

tmuxTest('STARTTLS injection: the bytes after the 220 are reported, never capabilities, replies or status', async (t) => {
  const explorer = await throughPeers(t, CASES, ({ reply }) => injecting(reply), async (explorer, { name, evidence }) => {
    await explorer.waitForText('<-  220 peer');
    await explorer.send('EHLO client.test');
    await explorer.waitForText('<-  250 STARTTLS');
    await explorer.send('STARTTLS');
    await explorer.waitForText('ENCRYPTED');
    await explorer.send('EHLO client.test');
    const screen = await explorer.waitForText('<~  250 ok');
    await assertIntact(t, explorer, screen);
    const lines = transcriptLines(screen);
    const report = lines.find((line) => line.startsWith('*** ') && line.includes('possible injection'));
    t.true(report?.includes(evidence), `${name}: the discarded bytes are reported: ${report}`);
    t.false(lines.some((line) => /^(<-|<~|<\*\*) /.test(line) && /evil|AUTH PLAI/.test(line)), `${name}: no reply made of injected bytes`);
    t.false(/evil|AUTHPLAI/i.test(tlsPaneText(screen)), `${name}: the TLS pane lists nothing injected`);
    t.false(/evil|AUTH/i.test(statusBar(screen)), `${name}: nor does the status bar`);
  });
  await assertOnlyOwnEscapes(t, explorer);
});
