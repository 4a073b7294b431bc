/**
 * Issue 4, item 4 in a real terminal: STARTTLS refused (unadvertised 502, 501) or broken after its 220 (close,
 * plaintext bytes, a TLS alert, silence). Each time a clear message row, the status bar plaintext or closed, and an
 * AUTH typed afterwards is never sent without a yes: asked for on a plaintext connection, refused on a closed one.
 */
import test from 'ava';
import type { RawPeer } from '../helpers/raw-server.js';
import type { Behaviour } from '../hostile/harness.js';
import { untilClosed } from '../hostile/harness.js';
import { answerUntilQuit } from '../hostile/peers.js';
import { hasTmux } from './tmux.js';
import { assertIntact, assertOnlyOwnEscapes, infoText, inputRow, statusBar, throughPeers, transcriptLines } from './hostile-kit.js';

const tmuxTest = (await hasTmux()) ? test.serial : test.skip;

/** Greets, answers EHLO (offering STARTTLS or not) and waits for STARTTLS. */
async function toStartTls(peer: RawPeer, advertised: boolean): Promise<void> {
  await peer.write('220 peer\r\n');
  await peer.expectLine(/^EHLO/);
  await peer.write(advertised ? '250-peer\r\n250 STARTTLS\r\n' : '250-peer\r\n250 SIZE 1000\r\n');
  await peer.expectLine(/^STARTTLS/);
}

/** The 220, then `after` once the client's first TLS bytes have arrived. */
const broken =
  (after: (peer: RawPeer) => Promise<void>): Behaviour =>
  async (peer) => {
    await toStartTls(peer, true);
    const hello = new Promise((resolve) => peer.socket.once('data', resolve));
    await peer.write('220 go ahead\r\n');
    await hello;
    await after(peer);
  };

const refused =
  (reply: string, advertised = true): Behaviour =>
  async (peer) => {
    await toStartTls(peer, advertised);
    await peer.write(reply);
    await answerUntilQuit(peer);
  };

interface Case {
  name: string;
  behaviour: Behaviour;
  says: RegExp;
  closed: boolean;
  /** A row just above the STARTTLS sent. */
  warns?: string;
}

const CASES: Case[] = [
  {
    name: 'not advertised, 502',
    behaviour: refused('502 5.5.1 command not implemented\r\n', false), says: /^<- {2}502 5\.5\.1/,
    closed: false,
    warns: '*** the server did not advertise STARTTLS in its EHLO reply',
  },
  { name: '501', behaviour: refused('501 5.5.4 syntax error\r\n'), says: /^<- {2}501 5\.5\.4/, closed: false },
  { name: '220 then close', behaviour: broken(async (peer) => peer.end()), says: /^\*\*\* TLS failed: the server closed the connection during the TLS handshake/, closed: true },
  {
    name: '220 then plaintext',
    behaviour: broken(async (peer) => {
      await peer.write('250 this is not TLS\r\n');
      await untilClosed(peer);
    }),
    says: /^\*\*\* TLS failed: the server answered with bytes that are not TLS/,
    closed: true,
  },
  {
    name: 'a TLS alert',
    // A TLS 1.2 record: alert, fatal, protocol_version (70).
    behaviour: broken(async (peer) => {
      await peer.write(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]));
      peer.end();
    }),
    says: /^\*\*\* TLS failed: the server sent the TLS alert protocol_version \(70\)/,
    closed: true,
  },
  { name: 'silence during the handshake', behaviour: broken(untilClosed), says: /^\*\*\* .*TLS handshake did not finish within 1 s/, closed: true },
];

tmuxTest('STARTTLS refused or broken: a clear message, plaintext or closed, and AUTH never goes without a yes', async (t) => {
  const explorer = await throughPeers(
    t,
    CASES,
    ({ behaviour }) => behaviour,
    async (explorer, { name, says, closed, warns }, server) => {
      await explorer.waitForText('<-  220 peer');
      await explorer.send('EHLO client.test');
      await explorer.waitForText('<-  250-peer');
      await explorer.send('STARTTLS');
      let screen = await explorer.waitFor((text) => transcriptLines(text).some((line) => says.test(line)), `${name}: ${says}`);
      if (closed) screen = await explorer.waitForText('Connection closed');
      await assertIntact(t, explorer, screen);
      if (warns) t.is(transcriptLines(screen).at(transcriptLines(screen).indexOf(' -> STARTTLS') - 1), warns, `${name}: warned before sending`);
      t.regex(statusBar(screen), closed ? /│ closed │ PLAINTEXT$/ : /│ PLAINTEXT$/, `${name}: the status bar`);

      await explorer.send('AUTH PLAIN AGFsaWNlAHNlY3JldA==');
      if (closed) {
        screen = await explorer.waitForText('not connected: /reconnect');
        t.is(inputRow(screen).text, 'AUTH PLAIN ••••••••••••••••••••', `${name}: the AUTH line stays in the input, masked`);
        await explorer.tmux.keys('C-u');
      } else {
        screen = await explorer.waitForText('Send anyway? y/N');
        t.regex(infoText(screen), /^Send AUTH\? the connection is PLAINTEXT/, `${name}: AUTH asks first`);
        await explorer.tmux.type('n');
        await explorer.waitForText('AUTH not sent: not confirmed');
      }
      t.false(server.peers[0]!.received.includes('AUTH'), `${name}: nothing of the AUTH line was sent`);
    },
    { args: ['--timeout', '1'] },
  );
  await assertOnlyOwnEscapes(t, explorer);
});
