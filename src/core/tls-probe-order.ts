/**
 * Whose cipher order a server follows, from three connections per modern version offering the same suites in
 * different orders: AES-256-GCM first, AES-128-GCM first, ChaCha20 first. Reordering inside AES-GCM is what tells a
 * server following the client from one that enforces its own order but moves ChaCha20 up when the client lists it
 * first (OpenSSL's PRIORITIZE_CHACHA): between families the two look alike. A fourth connection settles the cases
 * where the server may simply lack the suites it did not pick (a fifth, for a server with AES-GCM only).
 */

export type OrderVersion = 'TLSv1.2' | 'TLSv1.3';

export type OrderVerdict = 'server order' | 'server order with ChaCha20 priority' | 'client order' | 'one family only' | 'unclear' | 'untested';

export interface OrderResult {
  version: OrderVersion;
  /** What the server chose when offered AES-256-GCM, AES-128-GCM, then ChaCha20. */
  aesFirst?: string;
  /** …AES-128-GCM, AES-256-GCM, then ChaCha20. */
  aes128First?: string;
  /** …ChaCha20, AES-256-GCM, then AES-128-GCM. */
  chachaFirst?: string;
  verdict: OrderVerdict;
  /** One sentence, for the probe's line. */
  conclusion: string;
}

/** Offers exactly these suites at this version; the IANA name of the suite chosen, undefined when no handshake finished. */
export type SuiteTry = (version: OrderVersion, suites: readonly string[]) => Promise<string | undefined>;

interface Suites {
  aes256: readonly string[];
  aes128: readonly string[];
  chacha: readonly string[];
}

// Node hands names starting with TLS_ to OpenSSL's TLS 1.3 list, in the order given; with no TLS 1.2 name, only 1.3 is on.
const FAMILIES: Record<OrderVersion, Suites> = {
  'TLSv1.2': {
    aes256: ['ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384'],
    aes128: ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256'],
    chacha: ['ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305'],
  },
  'TLSv1.3': {
    aes256: ['TLS_AES_256_GCM_SHA384'],
    aes128: ['TLS_AES_128_GCM_SHA256'],
    chacha: ['TLS_CHACHA20_POLY1305_SHA256'],
  },
};

const isChaCha = (suite: string): boolean => suite.includes('CHACHA20');
const family = (suite: string): string => (isChaCha(suite) ? 'ChaCha20-Poly1305' : 'AES-GCM');

const CHACHA_PRIORITY =
  "the server enforces its own order, AES-GCM first, but gives ChaCha20-Poly1305 to a client that lists it first (OpenSSL's " +
  'PRIORITIZE_CHACHA): phones without AES hardware do and get it, other clients get AES-GCM';

export async function orderResult(offer: SuiteTry, version: OrderVersion): Promise<OrderResult> {
  const { aes256, aes128, chacha } = FAMILIES[version];
  const [aesFirst, aes128First, chachaFirst] = await Promise.all([
    offer(version, [...aes256, ...aes128, ...chacha]),
    offer(version, [...aes128, ...aes256, ...chacha]),
    offer(version, [...chacha, ...aes256, ...aes128]),
  ]);
  const seen = { version, ...(aesFirst ? { aesFirst } : {}), ...(aes128First ? { aes128First } : {}), ...(chachaFirst ? { chachaFirst } : {}) };
  if (!aesFirst || !aes128First || !chachaFirst) {
    return { ...seen, verdict: 'untested', conclusion: 'neither AES-GCM nor ChaCha20 suites were accepted in one of the tries' };
  }
  // The suite the server did not pick in the AES-first tries: accepted alone, it was passed over, not missing.
  const otherAes = aesFirst.includes('_AES_256_') ? aes128 : aes256;
  if (isChaCha(aesFirst) !== isChaCha(chachaFirst)) {
    if (isChaCha(aesFirst)) return { ...seen, verdict: 'unclear', conclusion: 'the server chose the family the client listed last, both times' };
    if (isChaCha(aes128First)) return { ...seen, verdict: 'unclear', conclusion: 'the server chose ChaCha20-Poly1305 though the client listed AES-GCM first, once' };
    if (aes128First !== aesFirst) return { ...seen, verdict: 'client order', conclusion: "the server follows the client's order" };
    if (!(await offer(version, otherAes))) {
      return {
        ...seen,
        verdict: 'unclear',
        conclusion: "the server takes the family the client lists first; with a single AES-GCM suite here, its own order with ChaCha20 priority and the client's order look the same",
      };
    }
    return { ...seen, verdict: 'server order with ChaCha20 priority', conclusion: CHACHA_PRIORITY };
  }
  // Both families' tries landed on one family: either the server insists on it, or it has no suite of the other.
  if (!(await offer(version, isChaCha(aesFirst) ? [...aes256, ...aes128] : chacha))) {
    const otherAesAlone = isChaCha(aesFirst) || aes128First !== aesFirst ? undefined : await offer(version, otherAes);
    return oneFamily(seen, aesFirst, aes128First, otherAesAlone);
  }
  if (aes128First !== aesFirst) {
    return { ...seen, verdict: 'unclear', conclusion: `the server picks ${family(aesFirst)} whichever family comes first, yet its pick changes when only the AES-GCM suites are reordered` };
  }
  return { ...seen, verdict: 'server order', conclusion: `the server enforces its own order and prefers ${family(aesFirst)}` };
}

/**
 * The server accepts one family only. Between AES-GCM sizes its order can still show: a pick that follows the
 * reordering is the client's order, the other size accepted alone makes it the server's; with one suite to choose
 * from (ChaCha20-Poly1305, or a single AES-GCM size) the two orders cannot be told apart, and the line says so.
 * `otherAesAlone`: what the server chose when offered only the AES-GCM size it had passed over, when that was tried.
 */
function oneFamily(seen: Omit<OrderResult, 'verdict' | 'conclusion'>, aesFirst: string, aes128First: string, otherAesAlone: string | undefined): OrderResult {
  if (isChaCha(aesFirst)) {
    return { ...seen, verdict: 'one family only', conclusion: "the server only accepts ChaCha20-Poly1305 here: with one suite to choose from, its order and the client's cannot be told apart" };
  }
  if (aes128First !== aesFirst) return { ...seen, verdict: 'client order', conclusion: "the server follows the client's order between AES-GCM suites; it accepts no ChaCha20-Poly1305 here" };
  if (otherAesAlone) {
    return { ...seen, verdict: 'server order', conclusion: `the server enforces its own order and prefers ${aesSize(aesFirst)}; it accepts no ChaCha20-Poly1305 here` };
  }
  return {
    ...seen,
    verdict: 'one family only',
    conclusion: "the server only accepts a single AES-GCM suite here, no ChaCha20-Poly1305: with one suite to choose from, its order and the client's cannot be told apart",
  };
}

const aesSize = (suite: string): string => (suite.includes('_AES_256_') ? 'AES-256-GCM' : 'AES-128-GCM');

/** `TLSv1.2 cipher order: AES-256-GCM first → …, AES-128-GCM first → …, ChaCha20 first → …: conclusion` */
export function orderLine(result: OrderResult): string {
  const { aesFirst, aes128First, chachaFirst } = result;
  const tries = aesFirst && aes128First && chachaFirst ? `AES-256-GCM first → ${aesFirst}, AES-128-GCM first → ${aes128First}, ChaCha20 first → ${chachaFirst}: ` : '';
  return `${result.version} cipher order: ${tries}${result.conclusion}`;
}
