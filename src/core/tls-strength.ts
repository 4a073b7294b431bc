/**
 * The strength part of the verdict: keys and signatures of the chain, and the key exchange. The certificate's own
 * weaknesses carry the verify code OpenSSL gives them at security level 2 (66–68, as s_client on Debian says), and
 * fail verification; a small DH group is the key exchange, not the certificate, and is only reported.
 */
import type { CertificateInfo } from './tls-certificate-info.js';
import type { KeyExchangeGroup } from './tls-negotiated.js';
import type { VerdictPart } from './tls-verdict.js';
import { codedPart } from './verify-codes.js';

const MIN_RSA_BITS = 2048;
const MIN_DH_BITS = 2048;

/** What is too weak in the certificates themselves, leaf first, each with its verify code. */
export function certificateWeaknesses(chain: readonly CertificateInfo[]): VerdictPart[] {
  const findings: VerdictPart[] = [];
  chain.forEach((cert, depth) => {
    if (cert.keyType === 'rsa' && cert.keyBits !== undefined && cert.keyBits < MIN_RSA_BITS) {
      const where = depth === 0 ? 'the server key' : `the key at depth ${depth}`;
      findings.push(codedPart('strength', depth === 0 ? 'EE_KEY_TOO_SMALL' : 'CA_KEY_TOO_SMALL', `RSA ${cert.keyBits} bits`, `${where} is RSA of ${cert.keyBits} bits, under ${MIN_RSA_BITS}`));
    }
    // A root's own signature is never checked (it is trusted as is), so SHA-1 there is harmless.
    if (cert.signatureAlgorithm && /sha1|md5/i.test(cert.signatureAlgorithm) && !cert.selfSigned) {
      findings.push(codedPart('strength', 'CA_MD_TOO_WEAK', cert.signatureAlgorithm, `the certificate at depth ${depth} is signed with ${cert.signatureAlgorithm}`));
    }
  });
  return findings;
}

function keyExchangeWeakness(group: KeyExchangeGroup | undefined): VerdictPart | undefined {
  if (group?.type !== 'DH' || group.size >= MIN_DH_BITS) return undefined;
  return {
    part: 'strength',
    ok: false,
    label: `DH ${group.size} bits`,
    detail: `the key exchange used finite-field DH of ${group.size} bits, under ${MIN_DH_BITS}`,
    fix: 'configure DH parameters of 2048 bits or more, or prefer ECDHE cipher suites',
  };
}

/** One part for every finding: the first one's label, code and fix, every finding's detail. */
export function strengthPart(chain: readonly CertificateInfo[], group: KeyExchangeGroup | undefined): VerdictPart {
  const exchange = keyExchangeWeakness(group);
  const [first, ...rest] = [...certificateWeaknesses(chain), ...(exchange ? [exchange] : [])];
  if (!first) return { part: 'strength', ok: true, label: 'strong', detail: 'keys, signatures and key exchange are of current strength' };
  return rest.length === 0 ? first : { ...first, detail: [first, ...rest].map((f) => f.detail).join('; ') };
}
