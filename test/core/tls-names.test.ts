import test from 'ava';
import { groupName, ianaGroupName } from '../../src/core/tls-names.js';

const SPELLINGS: ReadonlyArray<[string, string]> = [
  ['prime256v1', 'secp256r1'],
  ['X25519', 'x25519'],
  ['X448', 'x448'],
  ['secp384r1', 'secp384r1'],
  ['P-521', 'secp521r1'],
  ['brainpoolP256r1', 'brainpoolP256r1'],
  ['ffdhe2048', 'ffdhe2048'],
  ['SM2', 'SM2'],
];

test("OpenSSL's group names become IANA's, the names the handshake's numbers get: one name per group in any output", (t) => {
  for (const [openssl, iana] of SPELLINGS) t.is(ianaGroupName(openssl), iana, openssl);
  for (const code of [23, 24, 25, 29, 30, 256]) t.is(ianaGroupName(groupName(code)), groupName(code));
});
