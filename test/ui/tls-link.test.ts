import test from 'ava';
import type { ExecutionContext } from 'ava';
import net from 'node:net';
import type { RawPeer } from '../helpers/raw-server.js';
import { startRawServer } from '../helpers/raw-server.js';
import type { Session } from '../../src/session/session.js';
import type { SessionStore } from '../../src/session/store.js';
import { tlsLink } from '../../src/ui/tls-link.js';
import { tlsPaneLines } from '../../src/ui/tls-view.js';
import { hasLine, makeSession, waitForState } from '../session/helpers.js';

const ADVICE = /Send EHLO|send EHLO again|send it to encrypt/;

function paneTexts(store: SessionStore): string[] {
  const state = store.getState();
  return tlsPaneLines(state.tls.report, state.caps.current, state.caps.preTls, tlsLink(state)).map((line) => line.text);
}

/** Greets, answers EHLO offering STARTTLS, answers STARTTLS with 220, then does `after`. */
async function acceptsStarttls(t: ExecutionContext, after: (peer: RawPeer) => Promise<void>, options: { tlsHandshake?: number } = {}): Promise<SessionStore & { session: Session }> {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 peer ESMTP\r\n');
    await peer.expectLine(/^EHLO/);
    await peer.write('250-peer\r\n250 STARTTLS\r\n');
    await peer.expectLine(/^STARTTLS/);
    await peer.write('220 2.0.0 go ahead\r\n');
    await after(peer);
  });
  t.teardown(() => server.close());
  const timeouts = options.tlsHandshake ? { timeouts: { tlsHandshake: options.tlsHandshake } } : {};
  const { session, store } = await makeSession(t, { host: '127.0.0.1', port: server.port, ...timeouts });
  void session.connect();
  await waitForState(store, hasLine(/220 peer ESMTP/), 'the greeting');
  session.type('EHLO client.test\r');
  await waitForState(store, (state) => state.caps.current?.starttls === true, 'the EHLO reply');
  session.type('STARTTLS\r');
  return Object.assign(store, { session });
}

const closed = (store: SessionStore) => waitForState(store, (state) => state.status.phase === 'closed', 'the connection closed');

test('bytes that are not TLS after the 220 to STARTTLS: the pane says TLS failed, why, and gives no SMTP advice', async (t) => {
  const store = await acceptsStarttls(t, async (peer) => {
    await peer.write('250 this is not TLS\r\n');
    await peer.readLine();
  });
  await closed(store);
  const texts = paneTexts(store);
  t.is(texts[0], 'TLS FAILED — the connection is closed');
  t.true(texts.some((text) => /^ {2}TLS failed: the server answered with bytes that are not TLS/.test(text)), texts.join('\n'));
  t.false(texts.some((text) => ADVICE.test(text)), texts.join('\n'));
  t.true(texts.includes('Capabilities before TLS (plaintext, untrusted)'));
});

test('a handshake that never finishes: under way while it runs, then failed with the timeout as the reason', async (t) => {
  const store = await acceptsStarttls(t, (peer) => peer.readLine().then(() => undefined), { tlsHandshake: 300 });
  await waitForState(store, (state) => state.status.phase === 'TLS', 'the 220');
  const during = paneTexts(store);
  t.is(during[0], 'STARTTLS ACCEPTED — the TLS handshake is under way');
  t.false(during.some((text) => ADVICE.test(text)), during.join('\n'));
  await closed(store);
  const texts = paneTexts(store);
  t.is(texts[0], 'TLS FAILED — the connection is closed');
  t.true(texts.includes('  TLS handshake did not finish within 0.3 s'), texts.join('\n'));
});

test('a connection refused: the pane says there is no connection and why, not to send EHLO', async (t) => {
  const listener = net.createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as net.AddressInfo;
  await new Promise((resolve) => listener.close(resolve));
  const { session, store } = await makeSession(t, { host: '127.0.0.1', port });
  void session.connect();
  await waitForState(store, (state) => state.status.phase === 'closed' && hasLine(/cannot connect/)(state), 'the refusal');
  const texts = paneTexts(store);
  t.is(texts[0], 'NOT CONNECTED — the connection is closed');
  t.regex(texts[1] ?? '', /^ {2}cannot connect to 127\.0\.0\.1:\d+: connect ECONNREFUSED/);
  t.false(texts.some((text) => ADVICE.test(text)), texts.join('\n'));
});

test('only the last connection counts: a /connect refused after a failed STARTTLS is no TLS failure', async (t) => {
  const store = await acceptsStarttls(t, async (peer) => {
    await peer.write('250 this is not TLS\r\n');
    await peer.readLine();
  });
  await closed(store);
  t.like(tlsLink(store.getState()), { closed: true, handshake: 'starttls' });
  const listener = net.createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as net.AddressInfo;
  await new Promise((resolve) => listener.close(resolve));
  store.session.type(`/connect 127.0.0.1:${port}\r`);
  await waitForState(store, (state) => state.status.phase === 'closed' && hasLine(/ECONNREFUSED/)(state), 'the refusal');
  const link = tlsLink(store.getState());
  t.is(link.handshake, undefined);
  t.regex(link.reason ?? '', /^cannot connect to 127\.0\.0\.1:\d+: connect ECONNREFUSED/);
  t.is(paneTexts(store)[0], 'NOT CONNECTED — the connection is closed');
});

test('implicit TLS that fails: the pane says TLS failed, without speaking of STARTTLS', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 plaintext on a TLS port\r\n');
    await peer.readLine();
  });
  t.teardown(() => server.close());
  const { session, store } = await makeSession(t, { host: '127.0.0.1', port: server.port, tlsOnConnect: true });
  void session.connect();
  await closed(store);
  const texts = paneTexts(store);
  t.is(texts[0], 'TLS FAILED — the connection is closed');
  t.is(texts[1], 'The TLS handshake did not complete: nothing was encrypted.');
  t.true(texts.includes('  TLS failed: the server answered with bytes that are not TLS: this port may expect STARTTLS (as 25 and 587 do): connect without --tls-on-connect'), texts.join('\n'));
});

test('STARTTLS answered 454: the pane says TLS was refused, not to send STARTTLS', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 peer ESMTP\r\n');
    await peer.expectLine(/^EHLO/);
    await peer.write('250-peer\r\n250 STARTTLS\r\n');
    await peer.expectLine(/^STARTTLS/);
    await peer.write('454 4.7.0 TLS not available due to local problem\r\n');
    await peer.readLine();
  });
  t.teardown(() => server.close());
  const { session, store } = await makeSession(t, { host: '127.0.0.1', port: server.port });
  void session.connect();
  await waitForState(store, hasLine(/220 peer ESMTP/), 'the greeting');
  session.type('EHLO client.test\r');
  await waitForState(store, (state) => state.caps.current?.starttls === true, 'the EHLO reply');
  session.type('STARTTLS\r');
  await waitForState(store, (state) => state.status.startTlsRefused === 454, 'the refusal');
  const texts = paneTexts(store);
  t.is(texts[0], 'PLAINTEXT — nothing is encrypted');
  t.true(texts.includes('The server answered STARTTLS with 454: it did not start TLS, so going on is unencrypted.'), texts.join('\n'));
  t.false(texts.some((text) => ADVICE.test(text)), texts.join('\n'));
});
