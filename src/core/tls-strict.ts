/**
 * --strict-tls refuses what the verdict fails. OpenSSL refuses the chain, the dates and (through Node) the host
 * name; but Node's OpenSSL runs at security level 1, which takes an RSA-1024 key that OpenSSL at level 2 (s_client
 * on Debian, current mail servers) refuses with 66. Node asks `checkServerIdentity` once the chain has verified,
 * before the session is up: an error from it fails the handshake like any verify error, with its code.
 */
import { X509Certificate } from 'node:crypto';
import { checkServerIdentity } from 'node:tls';
import type { PeerCertificate } from 'node:tls';
import { describeCertificate, peerChain } from './tls-certificate-info.js';
import { certificateWeaknesses } from './tls-strength.js';

export function strictServerIdentity(host: string, cert: PeerCertificate): Error | undefined {
  const mismatch = checkServerIdentity(host, cert);
  if (mismatch) return mismatch;
  const now = Date.now();
  const chain = peerChain(cert).map((peer) => describeCertificate(new X509Certificate(peer.raw), now, undefined));
  const weak = certificateWeaknesses(chain)[0];
  return weak?.code ? Object.assign(new Error(weak.detail), { code: weak.code }) : undefined;
}
