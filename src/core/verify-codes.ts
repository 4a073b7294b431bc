/** Node's certificate error codes beside OpenSSL's verify numbers, each with what it means and what to fix. */
import type { VerdictPart } from './tls-verdict.js';

/** Which part of the verdict a code speaks about. */
export type VerdictPartName = 'chain' | 'hostname' | 'dates' | 'strength';

export interface VerifyCode {
  openssl: number;
  part: VerdictPartName;
  label: string;
  meaning: string;
  fix: string;
}

export const VERIFY_CODES: Readonly<Record<string, VerifyCode>> = {
  UNSPECIFIED: {
    openssl: 1,
    part: 'chain',
    label: 'unverified',
    meaning: 'OpenSSL refused the chain without naming a reason',
    fix: 'check each certificate of the chain; a signature digest OpenSSL refuses (MD5, SHA-1) is a common cause',
  },
  UNABLE_TO_GET_ISSUER_CERT: {
    openssl: 2,
    part: 'chain',
    label: 'unknown issuer',
    meaning: 'the issuer of a certificate in the chain could not be found',
    fix: 'install the full chain (leaf and intermediates) on the server',
  },
  CERT_SIGNATURE_FAILURE: {
    openssl: 7,
    part: 'chain',
    label: 'bad signature',
    meaning: 'a certificate signature does not verify',
    fix: 'the chain is corrupt or mixed up: reinstall the certificate and its intermediates',
  },
  CERT_NOT_YET_VALID: {
    openssl: 9,
    part: 'dates',
    label: 'not yet valid',
    meaning: 'the certificate is not valid yet',
    fix: 'check the clock of this machine and of the CA that issued it; wait or reissue',
  },
  CERT_HAS_EXPIRED: {
    openssl: 10,
    part: 'dates',
    label: 'expired',
    meaning: 'the certificate has expired',
    fix: 'renew the certificate and reload the mail server',
  },
  DEPTH_ZERO_SELF_SIGNED_CERT: {
    openssl: 18,
    part: 'chain',
    label: 'self-signed',
    meaning: 'the server certificate is self-signed, so nobody vouches for it',
    fix: 'use a certificate from a CA the clients trust, or give clients this certificate with --ca',
  },
  SELF_SIGNED_CERT_IN_CHAIN: {
    openssl: 19,
    part: 'chain',
    label: 'untrusted root',
    meaning: 'the chain ends in a self-signed root that is not trusted here',
    fix: 'use a publicly trusted CA, or pass the private root with --ca',
  },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: {
    openssl: 20,
    part: 'chain',
    label: 'unknown CA',
    meaning: 'the certificate was issued by a CA that is not trusted here',
    // Without the chain in view (a refusal under --strict-tls) both causes stay open; the verdict names the one.
    fix: 'if the chain ends at a private CA, pass its root with --ca; if the server leaves out an intermediate, configure it to send it',
  },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
    openssl: 21,
    part: 'chain',
    label: 'missing intermediate',
    meaning: 'the server sent its certificate without the one that issued it, so no path leads to a trusted root (a missing intermediate, or a CA unknown here)',
    fix: 'configure the server to send its intermediate certificate(s) after the leaf; if a private CA issued it directly, pass that CA with --ca',
  },
  CERT_CHAIN_TOO_LONG: {
    openssl: 22,
    part: 'chain',
    label: 'chain too long',
    meaning: 'the chain is longer than allowed',
    fix: 'send only the leaf and the intermediates it needs',
  },
  CERT_REVOKED: {
    openssl: 23,
    part: 'chain',
    label: 'revoked',
    meaning: 'the certificate has been revoked by its CA',
    fix: 'issue and install a new certificate',
  },
  INVALID_CA: {
    openssl: 24,
    part: 'chain',
    label: 'invalid CA',
    meaning: 'a CA certificate in the chain is not allowed to act as a CA',
    fix: 'the chain contains a wrong certificate: reinstall the intermediates from the CA',
  },
  CERT_UNTRUSTED: {
    openssl: 27,
    part: 'chain',
    label: 'untrusted',
    meaning: 'the root is not trusted for this purpose',
    fix: 'use a certificate from a CA trusted for TLS servers',
  },
  CERT_REJECTED: {
    openssl: 28,
    part: 'chain',
    label: 'rejected',
    meaning: 'the root is marked to reject this purpose',
    fix: 'use a certificate from a CA trusted for TLS servers',
  },
  ERR_TLS_CERT_ALTNAME_INVALID: {
    openssl: 62,
    part: 'hostname',
    label: 'wrong host',
    meaning: 'the certificate does not name the host that was checked',
    fix: 'add the host name to the certificate\'s subjectAltName, or connect by a name it lists',
  },
  EE_KEY_TOO_SMALL: {
    openssl: 66,
    part: 'strength',
    label: 'key too weak',
    meaning: 'the server key is under 2048 bits, below what current clients accept (OpenSSL security level 2)',
    fix: 'generate a new key (RSA 2048-bit or larger, or ECDSA) and reissue the certificate with it',
  },
  CA_KEY_TOO_SMALL: {
    openssl: 67,
    part: 'strength',
    label: 'CA key too weak',
    meaning: 'a CA key in the chain is under 2048 bits, below what current clients accept (OpenSSL security level 2)',
    fix: 'use a CA whose keys are RSA 2048-bit or larger, or ECDSA, and reissue the certificates under it',
  },
  CA_MD_TOO_WEAK: {
    openssl: 68,
    part: 'strength',
    label: 'weak signature',
    meaning: 'a certificate in the chain is signed with a weak digest (MD5 or SHA-1)',
    fix: 'reissue the certificate with SHA-256 or better',
  },
};

export function describeVerifyCode(code: string): VerifyCode {
  return (
    VERIFY_CODES[code] ?? {
      openssl: 0,
      part: 'chain',
      label: 'unverified',
      meaning: `the certificate could not be verified (${code})`,
      fix: 'check the certificate chain the server sends',
    }
  );
}

/** A failed part of the verdict, in the words of its code unless a label more precise is given. */
export function codedPart(part: VerdictPartName, code: string, label: string | undefined, detail: string): VerdictPart {
  const known = describeVerifyCode(code);
  return { part, ok: false, label: label ?? known.label, detail, code, openssl: known.openssl, fix: known.fix };
}

/** `18 / DEPTH_ZERO_SELF_SIGNED_CERT`: OpenSSL's number, which s_client prints, beside Node's code. */
export function verifyCodeText(code: string): string {
  const known = VERIFY_CODES[code];
  return known ? `${known.openssl} / ${code}` : code;
}
