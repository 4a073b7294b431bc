/** SASL client responses for SMTP AUTH (RFC 4954), each the base64 line to send. Text is UTF-8. */
import { createHmac } from 'node:crypto';

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** RFC 4616: authzid NUL authcid NUL passwd. */
export function saslPlain(user: string, pass: string, authzid = ''): string {
  return base64(`${authzid}\0${user}\0${pass}`);
}

/** LOGIN (draft-murchison-sasl-login): the answer to the first 334, "Username:". */
export function saslLoginUser(user: string): string {
  return base64(user);
}

/** LOGIN: the answer to the second 334, "Password:". */
export function saslLoginPass(pass: string): string {
  return base64(pass);
}

/** RFC 2195: user, a space, and the lower-case hex HMAC-MD5 of the challenge keyed with the password. */
export function saslCramMd5(user: string, pass: string, challengeBase64: string): string {
  const digest = createHmac('md5', pass).update(decodeChallenge(challengeBase64)).digest('hex');
  return base64(`${user} ${digest}`);
}

/** Google's and Microsoft's XOAUTH2: user=…^Aauth=Bearer …^A^A. */
export function saslXoauth2(user: string, token: string): string {
  return base64(`user=${user}\x01auth=Bearer ${token}\x01\x01`);
}

/**
 * The text of a 334 reply → its bytes. Servers send what they like here: characters outside base64 are
 * skipped and decoding stops at the first padding, so garbage yields some bytes, never an exception.
 */
export function decodeChallenge(base64Text: string): Buffer {
  return Buffer.from(base64Text, 'base64');
}
