/** Well-behaved server sides the hostile cases build on: a STARTTLS upgrade with a chosen certificate, a lenient peer. */
import type { RawPeer } from '../helpers/raw-server.js';
import type { GeneratedCertificate } from '../../src/server/certs.js';

/**
 * Writes the answer to STARTTLS and becomes the TLS server in the same tick: were there an await between the two,
 * a quick ClientHello could land in the plaintext buffer that `startTls` drops, and the handshake would hang.
 */
export function answerStartTls(peer: RawPeer, reply: string | Buffer, certificate: { keyPem: string; certPem: string }): Promise<unknown> {
  return peer.startTls(reply, { key: certificate.keyPem, cert: certificate.certPem }).catch((error: unknown) => error);
}

/** Greets, answers EHLO with STARTTLS, upgrades on STARTTLS, then answers every line with `250 ok` until QUIT. */
export async function upgradeWith(peer: RawPeer, certificate: GeneratedCertificate): Promise<void> {
  await peer.write('220 tls peer\r\n');
  await peer.expectLine(/^EHLO/);
  await peer.write('250-tls peer\r\n250 STARTTLS\r\n');
  await peer.expectLine(/^STARTTLS/);
  if ((await answerStartTls(peer, '220 go ahead\r\n', { keyPem: certificate.keyPem, certPem: certificate.chainPem })) instanceof Error) return;
  await answerUntilQuit(peer);
}

export async function answerUntilQuit(peer: RawPeer, reply = '250 ok\r\n'): Promise<void> {
  for (;;) {
    const line = await peer.readLine();
    if (line === undefined) return;
    if (/^QUIT/i.test(line)) {
      await peer.write('221 bye\r\n');
      peer.end();
      return;
    }
    await peer.write(reply);
  }
}

/**
 * A server that takes everything: 354 to DATA (then reads to the lone dot), 334 to an AUTH without a response
 * and 235 to the answer, 235 to an AUTH with one, 221 to QUIT, 250 to the rest.
 */
export async function acceptEverything(peer: RawPeer): Promise<void> {
  await peer.write('220 lenient\r\n');
  let inAuth = false;
  for (;;) {
    const line = await peer.readLine();
    if (line === undefined) return;
    const [verb = '', mechanism, response] = line.split(' ');
    if (inAuth) {
      inAuth = false;
      await peer.write(line === '*' ? '501 5.7.0 cancelled\r\n' : '235 2.7.0 ok\r\n');
    } else if (/^DATA$/i.test(verb)) {
      await peer.write('354 go ahead\r\n');
      await peer.expectLine(/^\.$/);
      await peer.write('250 2.0.0 queued\r\n');
    } else if (/^AUTH$/i.test(verb) && mechanism !== undefined) {
      inAuth = response === undefined;
      await peer.write(inAuth ? '334 \r\n' : '235 2.7.0 ok\r\n');
    } else if (/^QUIT$/i.test(verb)) {
      await peer.write('221 bye\r\n');
      peer.end();
      return;
    } else {
      await peer.write('250 ok\r\n');
    }
  }
}

/** A conversation played in order: greets, then for each step reads one line, checks it, and writes the reply. */
export function converse(steps: Array<[RegExp, string]>): (peer: RawPeer) => Promise<void> {
  return async (peer) => {
    await peer.write('220 scripted\r\n');
    for (const [expected, reply] of steps) {
      const line = await peer.readLine();
      if (line === undefined) return;
      if (!expected.test(line)) throw new Error(`expected ${expected}, got ${JSON.stringify(line)}`);
      await peer.write(reply);
    }
  };
}

/**
 * A server whose DATA ends wherever `endOfData` matches, as broken servers' did (SMTP smuggling). It reads the
 * bytes itself, since a line reader cannot see ends of data that are not lines.
 */
export function endsDataAt(endOfData: RegExp): (peer: RawPeer) => Promise<void> {
  return async (peer) => {
    let at = 0;
    const readUntil = async (pattern: RegExp): Promise<string | undefined> => {
      for (;;) {
        const match = pattern.exec(peer.received.subarray(at).toString('latin1'));
        if (match) {
          const text = peer.received.subarray(at, at + match.index).toString('latin1');
          at += match.index + match[0].length;
          return text;
        }
        if (peer.socket.destroyed) return undefined;
        await new Promise<void>((resolve) => {
          const wake = (): void => {
            peer.socket.off('data', wake);
            peer.socket.off('close', wake);
            resolve();
          };
          peer.socket.on('data', wake);
          peer.socket.on('close', wake);
        });
      }
    };
    await peer.write('220 smuggler\r\n');
    for (;;) {
      const line = await readUntil(/\r\n/);
      if (line === undefined) return;
      if (/^DATA$/i.test(line)) {
        await peer.write('354 go ahead\r\n');
        const message = await readUntil(endOfData);
        await peer.write(`250 2.0.0 queued ${message?.length ?? 0} bytes\r\n`);
      } else if (/^QUIT$/i.test(line)) {
        await peer.write('221 bye\r\n');
        peer.end();
        return;
      } else {
        await peer.write('250 ok\r\n');
      }
    }
  };
}

/** Answers STARTTLS with 220; `keepsBuffer` is the bug: a NOOP that came with STARTTLS is answered inside TLS. */
export const startTlsPeer =
  (keepsBuffer: boolean, certificate: GeneratedCertificate): ((peer: RawPeer) => Promise<void>) =>
  async (peer: RawPeer) => {
    await peer.write('220 ready\r\n');
    await peer.expectLine(/^STARTTLS$/);
    const injected = keepsBuffer ? await peer.readLine() : undefined;
    await answerStartTls(peer, '220 go ahead\r\n', certificate);
    if (injected) await peer.write(`250 2.0.0 ${injected} ok\r\n`);
    await answerUntilQuit(peer);
  };
