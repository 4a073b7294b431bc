/**
 * Issue 4, item 6 (421) in a real terminal: a 421 comes between commands, answering nothing. Its row says the
 * server is closing; the next command typed is not sent, whether the server hangs up at once or lingers.
 */
import test from 'ava';
import type { Behaviour } from '../hostile/harness.js';
import { untilClosed } from '../hostile/harness.js';
import { hasTmux } from './tmux.js';
import { assertIntact, assertOnlyOwnEscapes, infoText, throughPeers, transcriptLines } from './hostile-kit.js';

const tmuxTest = (await hasTmux()) ? test.serial : test.skip;

const shutdownBetweenCommands =
  (hangUp: boolean): Behaviour =>
  async (peer) => {
    await peer.write('220 ready\r\n');
    await peer.expectLine(/^EHLO/);
    await peer.write('250 ok\r\n421 4.3.2 shutting down\r\n');
    if (hangUp) peer.end();
    await untilClosed(peer);
  };

const CASES = [
  { name: 'and hangs up', hangUp: true, says: /^not connected: \/reconnect/ },
  { name: 'and lingers', hangUp: false, says: /^not sent: the server said 421 and is closing the connection/ },
];

tmuxTest('421 between commands: shown as the server closing, and the next command is not sent', async (t) => {
  const explorer = await throughPeers(
    t,
    CASES,
    ({ hangUp }) => shutdownBetweenCommands(hangUp),
    async (explorer, { name, says }, server) => {
      await explorer.waitForText('<-  220 ready');
      await explorer.send('EHLO client.test');
      let screen = await explorer.waitForText('<** 421 4.3.2 shutting down');
      const lines = transcriptLines(screen);
      t.is(
        lines[lines.indexOf('<** 421 4.3.2 shutting down') + 1],
        '*** the server is closing the connection (a 421 may come at any time, RFC 5321 §3.8)',
        `${name}: the row under the 421`,
      );
      await explorer.send('NOOP');
      screen = await explorer.waitFor((text) => says.test(infoText(text)), `${name}: ${says}`);
      await assertIntact(t, explorer, screen, infoText(screen).startsWith('not connected') ? 'NOOP' : '');
      t.false(transcriptLines(screen).includes(' -> NOOP'), `${name}: no NOOP in the transcript`);
      t.false(server.peers[0]!.received.includes('NOOP'), `${name}: nothing went out`);
      await explorer.tmux.keys('C-u');
    },
  );
  await assertOnlyOwnEscapes(t, explorer);
});
