/**
 * Issue 4, item 1 in a real terminal: terminal escapes in EHLO keywords (transcript and TLS pane), the AUTH
 * mechanisms a next-step hint names, a 334 challenge, the reply to its cancel, certificate fields and a TLS error.
 * Title kept, frame intact, nothing raw on screen or on its way to the terminal, every payload shown escaped.
 */
import test from 'ava';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isUtf8 } from 'node:buffer';
import { generateCa, generateCertificate } from '../../src/server/certs.js';
import type { Behaviour } from '../hostile/harness.js';
import { PAYLOADS } from '../hostile/payloads.js';
import { answerStartTls, answerUntilQuit, upgradeWith } from '../hostile/peers.js';
import { tempDir } from '../session/helpers.js';
import { hasTmux } from './tmux.js';
import { assertIntact, assertOnlyOwnEscapes, explore, hostilePeer, infoText, startExplorer, tlsPaneText, transcriptLines } from './hostile-kit.js';

const tmuxTest = (await hasTmux()) ? test.serial : test.skip;

const HOSTILE_NAME = 'mail\x1b]0;pwned\x07\u202egnp.exe\u009b2J\x1b[6n';
const ca = await generateCa('CA\x1b]2;pwned\x07\u202eAC');
const certificate = await generateCertificate({ commonName: HOSTILE_NAME, altNames: ['evil\x1b[2J.example', '10.9.9.9'], issuer: ca });

const line = (prefix: string, bytes: Buffer): Buffer => Buffer.concat([Buffer.from(prefix), bytes, Buffer.from('\r\n')]);
const ALL = Buffer.concat(PAYLOADS.map((payload) => payload.bytes));
const ALL_SHOWN = PAYLOADS.map((payload) => payload.shown).join('');
/** Each payload as an AUTH mechanism: the next-step hint names the mechanisms offered. */
const MECHANISMS = Buffer.concat(PAYLOADS.map((payload) => Buffer.concat([Buffer.from(' X'), payload.bytes])));

/** Payloads in the plaintext EHLO keywords; over TLS a hostile certificate, AUTH mechanisms, a 334 and the reply to `*`. */
const everywhere: Behaviour = async (peer) => {
  await peer.write('220 hostile\r\n');
  await peer.expectLine(/^EHLO/);
  await peer.write(Buffer.concat([Buffer.from('250-hostile\r\n'), ...PAYLOADS.map((payload) => line('250-X', payload.bytes)), Buffer.from('250 STARTTLS\r\n')]));
  await peer.expectLine(/^STARTTLS/);
  if ((await answerStartTls(peer, '220 go ahead\r\n', { keyPem: certificate.keyPem, certPem: certificate.chainPem })) instanceof Error) return;
  await peer.expectLine(/^EHLO/);
  await peer.write(Buffer.concat([Buffer.from('250-hostile\r\n'), line('250 AUTH LOGIN', MECHANISMS)]));
  await peer.expectLine(/^AUTH LOGIN$/);
  await peer.write(line('334 ', ALL));
  await peer.expectLine(/^\*$/);
  await peer.write(line('501 cancelled ', ALL));
  await answerUntilQuit(peer);
};

tmuxTest('escapes in EHLO keywords, AUTH mechanisms, certificate fields, a 334 and its cancel: shown escaped, never acted on', async (t) => {
  const { explorer } = await explore(t, everywhere, { args: ['--hints'] });
  await explorer.waitForText('<-  220 hostile');
  await explorer.send('EHLO client.test');
  let screen = await explorer.waitForText('<-  250 STARTTLS');
  await assertIntact(t, explorer, screen);
  const shown = transcriptLines(screen);
  for (const payload of PAYLOADS) t.true(shown.includes(`<-  250-X${payload.shown}`), `${payload.name} in the transcript`);
  // The TLS pane lists keywords upper-cased; a byte that is not UTF-8 is decoded there, so those are compared in the transcript only.
  const capabilities = tlsPaneText(screen).toLowerCase();
  t.true(capabilities.includes('capabilities(plaintext,untrusted)'));
  for (const payload of PAYLOADS.filter((p) => isUtf8(p.bytes))) {
    t.true(capabilities.includes(`x${payload.shown.toLowerCase().replace(/\s/g, '')}`), `${payload.name} in the TLS pane`);
  }

  await explorer.send('STARTTLS');
  screen = await explorer.waitForText('Chain (1)');
  await assertIntact(t, explorer, screen);
  // The chain is at the foot of the pane, below the verdict: the pane is focused (Shift-Tab) and scrolled to it.
  await explorer.tmux.keys('BTab', ...Array<string>(8).fill('Down'));
  screen = await explorer.waitFor((text) => tlsPaneText(text).includes('names:DNS:"evil\\u001b[2J.example",IPAddress:10.9.9.9'), 'the chain scrolled into view');
  await explorer.tmux.keys('Tab');
  const pane = tlsPaneText(screen);
  t.true(pane.includes('CN=mail\\1B]0\\;pwned\\07<U+202E>gnp.exe<U+009B>2J\\1B[6n'), pane);
  t.true(pane.includes('issuer:CN=CA\\1B]2\\;pwned\\07<U+202E>AC'), pane);
  t.true(pane.includes('names:DNS:"evil\\u001b[2J.example",IPAddress:10.9.9.9'), pane);

  await explorer.send('EHLO client.test');
  screen = await explorer.waitForText('<~  250 AUTH LOGIN');
  await assertIntact(t, explorer, screen);
  t.true(transcriptLines(screen).includes(`<~  250 AUTH LOGIN ${PAYLOADS.map((payload) => `X${payload.shown}`).join(' ')}`));
  t.regex(infoText(screen), /^next: AUTH LOGIN to log in \(offered: LOGIN XA\\x1b\[2JB X\\x1b\[H/, 'the hint names the mechanisms, escaped');

  await explorer.send('AUTH LOGIN');
  // The question names every failed check, so it may wrap: read it as the rows above the input, joined.
  await explorer.waitFor((screen) => infoText(screen).includes('Send anyway? y/N'), 'the question before AUTH');
  await explorer.tmux.type('y');
  screen = await explorer.waitForText('<~  334 ');
  t.true(transcriptLines(screen).includes(`<~  334 ${ALL_SHOWN}`));
  await assertIntact(t, explorer, screen);
  await explorer.send('*');
  screen = await explorer.waitForText('<~  501 cancelled');
  t.true(transcriptLines(screen).includes(`<~  501 cancelled ${ALL_SHOWN}`));
  t.true(transcriptLines(screen).includes(' ~> *'));
  await assertIntact(t, explorer, screen);
  await assertOnlyOwnEscapes(t, explorer);
});

tmuxTest('a TLS error naming a hostile certificate is shown escaped', async (t) => {
  const caFile = join(await tempDir(t), 'ca.pem');
  await writeFile(caFile, ca.certPem);
  const server = await hostilePeer(t, (peer) => upgradeWith(peer, certificate));
  // Node names the certificate's CN in its error when the host is a name the certificate lacks.
  const explorer = await startExplorer(t, `localhost:${server.port}`, { args: ['-4', '--strict-tls', '--ca', caFile] });
  await explorer.waitForText('<-  220 tls peer');
  await explorer.send('EHLO client.test');
  await explorer.waitForText('<-  250 STARTTLS');
  await explorer.send('STARTTLS');
  const screen = await explorer.waitForText('*** TLS failed');
  await assertIntact(t, explorer, screen);
  t.regex(transcriptLines(screen).find((text) => text.startsWith('*** TLS failed'))!, /ERR_TLS_CERT_ALTNAME_INVALID/);
  // Whether the error quotes the name or not, a quote is escaped.
  if (screen.includes('pwned')) t.true(screen.includes('mail\\x1b]0;pwned\\x07<U+202E>gnp.exe'), screen);
  await assertOnlyOwnEscapes(t, explorer);
});
