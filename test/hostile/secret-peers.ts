/** The secrets the AUTH cases send, a server that takes every mechanism, and how their base64 can be recognised. */
import type { Behaviour } from './harness.js';
import { converse } from './peers.js';

export const ALICE_PASSWORD = 'correct horse battery';
export const TOKEN = 'ya29.a0AfH6SMBhostile-token';
const XOAUTH_ERROR = '334 eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIn0=';

/** PLAIN with and without an initial response, LOGIN, XOAUTH2 (refused once with its error challenge), then a cancelled LOGIN. */
export const everyMechanism: Behaviour = converse([
  [/^EHLO/, '250-scripted\r\n250 AUTH PLAIN LOGIN XOAUTH2\r\n'],
  [/^AUTH PLAIN \S+$/, '235 2.7.0 ok\r\n'],
  [/^AUTH PLAIN$/, '334 \r\n'],
  [/^\S+$/, '235 2.7.0 ok\r\n'],
  [/^AUTH LOGIN$/, '334 VXNlcm5hbWU6\r\n'],
  [/^\S+$/, '334 UGFzc3dvcmQ6\r\n'],
  [/^\S+$/, '235 2.7.0 ok\r\n'],
  [/^AUTH XOAUTH2 \S+$/, `${XOAUTH_ERROR}\r\n`],
  [/^$/, '535 5.7.8 token expired\r\n'],
  [/^AUTH XOAUTH2 \S+$/, '235 2.7.0 ok\r\n'],
  [/^AUTH LOGIN$/, '334 VXNlcm5hbWU6\r\n'],
  [/^\S+$/, '334 UGFzc3dvcmQ6\r\n'],
  [/^\*$/, '501 5.7.0 cancelled\r\n'],
  [/^QUIT$/, '221 bye\r\n'],
]);

export /** The stable middle of the secret's base64 at each of the three alignments it can have inside a longer blob. */
function base64Cores(secret: string): string[] {
  return [0, 1, 2].map((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), Buffer.from(secret)]).toString('base64');
    return encoded.slice(Math.ceil((offset * 4) / 3) + 1, -3);
  });
}
