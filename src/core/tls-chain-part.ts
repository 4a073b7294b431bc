/**
 * The chain part of the verdict, with advice that fits what the server sent: a chain that stops at the leaf lacks an
 * intermediate; one sent up to its intermediates and still unverified ends at a CA this machine does not trust.
 */
import type { X509Certificate } from 'node:crypto';
import { nameLines } from './tls-certificate-info.js';
import { chainProblem, pathAsSent, trustAnchors } from './tls-chain.js';
import type { VerdictPart } from './tls-verdict.js';
import { codedPart, describeVerifyCode } from './verify-codes.js';
import type { VerdictPartName } from './verify-codes.js';

const MISSING_ISSUER = 'UNABLE_TO_VERIFY_LEAF_SIGNATURE';
const UNKNOWN_CA = 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY';

function missingIntermediate(code: string, leaf: X509Certificate | undefined, trustedCa: string | undefined): VerdictPart {
  const missing = describeVerifyCode(MISSING_ISSUER);
  const issuer = leaf ? ` (issuer ${nameLines(leaf.issuer)})` : '';
  const part = { ...codedPart('chain', code, missing.label, `${missing.meaning}${issuer}`), fix: missing.fix };
  // The CA given did not issue the leaf itself, so what is left is an intermediate not sent, or the wrong CA given.
  if (trustedCa === undefined) return part;
  return { ...part, fix: 'configure the server to send its intermediate certificate(s) after the leaf, or check that --ca names the CA that issued it' };
}

/** Intermediates were sent and lead up to `top`, whose issuer is neither sent nor trusted: most often a private root. */
function untrustedIssuer(code: string, top: X509Certificate, trustedCa: string | undefined): VerdictPart {
  const subject = nameLines(top.subject);
  const issuer = nameLines(top.issuer);
  const given = trustedCa === undefined ? '' : ' (not in the --ca file)';
  const part = codedPart('chain', code, undefined, `the server sent its chain up to ${subject}, issued by ${issuer}, a CA not trusted here${given}`);
  const fix =
    trustedCa === undefined
      ? `if ${issuer} is a private CA, pass its certificate with --ca`
      : // The root given did not issue the top: the CA between them was left out, or the wrong one was given.
        `check that --ca names ${issuer}, the CA that issued ${subject}; if ${issuer} is itself an intermediate, configure the server to send it too`;
  return { ...part, fix };
}

/**
 * Node's own verdict where it speaks of the chain; where it speaks of another part ("expired": OpenSSL keeps only
 * the last error), the chain is walked again so that a self-signed or incomplete chain is still named.
 */
export function chainPart(authorizationError: string | undefined, blamed: VerdictPartName | undefined, sent: X509Certificate[], trustedCa: string | undefined): VerdictPart {
  let code = authorizationError;
  if (code !== undefined && blamed !== 'chain') code = chainProblem(sent, trustAnchors(trustedCa));
  if (code === undefined) {
    return { part: 'chain', ok: true, label: 'trusted', detail: 'the chain leads to a trusted root' };
  }
  if (code !== MISSING_ISSUER && code !== UNKNOWN_CA) return codedPart('chain', code, undefined, describeVerifyCode(code).meaning);
  const path = pathAsSent(sent);
  const top = path[path.length - 1];
  return top && path.length > 1 ? untrustedIssuer(code, top, trustedCa) : missingIntermediate(code, sent[0], trustedCa);
}
