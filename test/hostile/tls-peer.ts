/** Server sides of STARTTLS for hostile cases: a plain session that upgrades with a chosen certificate. */
import type { RawPeer } from '../helpers/raw-server.js';
import type { GeneratedCertificate } from '../../src/server/certs.js';

/** Greets, answers EHLO with STARTTLS, upgrades on STARTTLS, then answers every line with `250 ok` until QUIT. */
export async function upgradeWith(peer: RawPeer, certificate: GeneratedCertificate): Promise<void> {
  await peer.write('220 tls peer\r\n');
  await peer.expectLine(/^EHLO/);
  await peer.write('250-tls peer\r\n250 STARTTLS\r\n');
  await peer.expectLine(/^STARTTLS/);
  await peer.write('220 go ahead\r\n');
  try {
    await peer.startTls({ key: certificate.keyPem, cert: certificate.chainPem });
  } catch {
    return;
  }
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
