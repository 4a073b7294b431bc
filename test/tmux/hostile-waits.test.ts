/**
 * Issue 4, item 6 in a real terminal: no greeting, silence after a command, a reply dripping one byte every 500 ms,
 * silence after the end of DATA, silence during the TLS handshake. The countdown shows and moves; Esc ends each
 * wait within a second; a timeout or close after the end of DATA says the message may have been accepted.
 */
import test from 'ava';
import type { RawPeer } from '../helpers/raw-server.js';
import type { Behaviour } from '../hostile/harness.js';
import { pause, untilClosed } from '../hostile/harness.js';
import { hasTmux } from './tmux.js';
import { assertIntact, assertOnlyOwnEscapes, statusBar, throughPeers, transcriptLines } from './hostile-kit.js';
import type { Explorer } from './hostile-kit.js';

const tmuxTest = (await hasTmux()) ? test.serial : test.skip;

/** Greets, reads lines until one matches `until`, answering DATA with 354 on the way, and goes silent. */
const silentAfter =
  (until: RegExp, after: (peer: RawPeer) => Promise<void> = untilClosed): Behaviour =>
  async (peer) => {
    await peer.write('220 ready\r\n');
    for (;;) {
      const line = await peer.readLine();
      if (line === undefined) return;
      if (until.test(line)) return after(peer);
      if (/^DATA$/.test(line)) await peer.write('354 go ahead\r\n');
      else if (/^STARTTLS$/.test(line)) return after(peer);
    }
  };

const drip = async (peer: RawPeer): Promise<void> => {
  for (const byte of '250 ok\r\n') {
    if (peer.socket.destroyed) return;
    await peer.write(byte);
    await pause(500);
  }
};

const startTlsThenSilence = async (peer: RawPeer): Promise<void> => {
  await peer.write('220 go ahead\r\n');
  await untilClosed(peer);
};

interface Wait {
  name: string;
  behaviour: Behaviour;
  /** Lines typed to start the wait (none: the greeting). */
  typed: string[];
  /** What the status bar says it waits for (after the body: the lone dot that ended it). */
  waitingFor: string;
}

const WAITS: Wait[] = [
  { name: 'no greeting', behaviour: untilClosed, typed: [], waitingFor: 'the greeting' },
  { name: 'silence after NOOP', behaviour: silentAfter(/^NOOP$/), typed: ['NOOP'], waitingFor: 'NOOP' },
  { name: 'one byte every 500 ms', behaviour: silentAfter(/^NOOP$/, drip), typed: ['NOOP'], waitingFor: 'NOOP' },
  { name: 'silence after the end of DATA', behaviour: silentAfter(/^\.$/), typed: ['DATA', 'Subject: x', '', 'body', '.'], waitingFor: 'the end of DATA' },
  { name: 'silence during the TLS handshake', behaviour: silentAfter(/^STARTTLS$/, startTlsThenSilence), typed: ['STARTTLS'], waitingFor: 'the TLS handshake' },
];

const COUNTDOWN = /│ waiting (\d+)s for (.+) · timeout in (\d+)s$/;

async function countdown(explorer: Explorer, what: string, seconds: number): Promise<string> {
  return explorer.waitFor((screen) => {
    const shown = COUNTDOWN.exec(statusBar(screen));
    return shown?.[2] === what && Number(shown[1]) >= seconds;
  }, `the status bar to have waited ${seconds}s for ${what}`);
}

tmuxTest('every wait shows a moving countdown, and Esc ends it within a second', async (t) => {
  const explorer = await throughPeers(
    t,
    WAITS,
    ({ behaviour }) => behaviour,
    async (explorer, { name, typed, waitingFor }) => {
      for (const line of typed) {
        if (line === 'DATA') {
          await explorer.send(line);
          await explorer.waitForText('<-  354 go ahead');
        } else await explorer.send(line);
      }
      const first = COUNTDOWN.exec(statusBar(await countdown(explorer, waitingFor, 0)))!;
      const later = COUNTDOWN.exec(statusBar(await countdown(explorer, waitingFor, Number(first[1]) + 1)))!;
      t.true(Number(later[3]) < Number(first[3]), `${name}: the countdown moves (${first[0]} → ${later[0]})`);
      await assertIntact(t, explorer, await explorer.tmux.screen());
      const pressed = Date.now();
      await explorer.tmux.keys('Escape');
      const screen = await explorer.waitForText('Connection closed by the client.');
      const took = Date.now() - pressed;
      t.true(took < 1000, `${name}: Esc took ${took} ms`);
      t.notRegex(statusBar(screen), /waiting/, `${name}: the wait is over`);
      t.regex(statusBar(screen), /│ closed │/, `${name}: and the connection closed`);
      t.true(transcriptLines(screen).includes('*** cancelled by the user while waiting for a reply'), `${name}: says why`);
      await assertIntact(t, explorer, screen);
    },
    { args: ['--timeout', '30'] },
  );
  await assertOnlyOwnEscapes(t, explorer);
});

const MAY_HAVE_BEEN_ACCEPTED = 'the message MAY have been accepted — check before resending';

const ENDS_OF_DATA: Array<{ name: string; behaviour: Behaviour; says: string }> = [
  { name: 'silence', behaviour: silentAfter(/^\.$/), says: `*** no complete reply to the end of DATA within 0.5 s: ${MAY_HAVE_BEEN_ACCEPTED}` },
  {
    name: 'a close',
    behaviour: silentAfter(/^\.$/, async (peer) => peer.end()),
    says: `*** the server closed the connection while waiting for the reply to the end of DATA: ${MAY_HAVE_BEEN_ACCEPTED}`,
  },
];

tmuxTest('a timeout or a close after the end of DATA says the message may have been accepted', async (t) => {
  const explorer = await throughPeers(
    t,
    ENDS_OF_DATA,
    ({ behaviour }) => behaviour,
    async (explorer, { name, says }) => {
      await explorer.waitForText('<-  220 ready');
      await explorer.send('DATA');
      await explorer.waitForText('<-  354 go ahead');
      for (const line of ['Subject: x', '', 'body', '.']) await explorer.send(line);
      const screen = await explorer.waitForText('Connection closed by');
      t.true(transcriptLines(screen).includes(says), `${name}: ${transcriptLines(screen).slice(-3).join('\n')}`);
      t.regex(statusBar(screen), /│ closed │/, name);
      await assertIntact(t, explorer, screen);
    },
    { args: ['--timeout', '0.5'] },
  );
  await assertOnlyOwnEscapes(t, explorer);
});
