/**
 * AUTH from a template: ask for the user and the secret (masked), compute the base64 with the core's SASL
 * encoders, and answer each 334. The secret lives only in this function's variables; the transcript shows
 * `AUTH PLAIN [redacted]`, and nothing of it reaches history or exports.
 */
import { saslCramMd5, saslLoginPass, saslLoginUser, saslPlain, saslXoauth2 } from '../core/sasl.js';
import type { Reply } from '../core/reply.js';
import type { AuthMechanism } from './templates.js';

export interface AuthSteps {
  ask(label: string, options?: { secret?: boolean; initial?: string }): Promise<string | undefined>;
  /** Sends one line of the exchange (already confirmed) and resolves with its reply. */
  send(line: string): Promise<Reply | undefined>;
}

const SECRET_LABEL: Record<AuthMechanism, string> = {
  PLAIN: 'password',
  LOGIN: 'password',
  'CRAM-MD5': 'password',
  XOAUTH2: 'access token',
};

function challenge(reply: Reply | undefined): string | undefined {
  return reply?.code === 334 ? (reply.lines[0] ?? '') : undefined;
}

/** Returns the final reply, or undefined when the person gave up or the server stopped the exchange. */
export async function runAuth(mechanism: AuthMechanism, steps: AuthSteps, user?: string): Promise<Reply | undefined> {
  let name = await steps.ask(`AUTH ${mechanism}: user`, user === undefined ? {} : { initial: user });
  // Every mechanism here needs a user to authenticate as (RFC 4616 §2: PLAIN's authcid is not empty).
  // The line under the prompt says how to use or cancel it (Enter, Esc).
  while (name === '') name = await steps.ask(`AUTH ${mechanism}: user (it cannot be empty)`);
  if (name === undefined) return undefined;
  const secret = await steps.ask(`AUTH ${mechanism}: ${SECRET_LABEL[mechanism]} (not shown, not stored)`, { secret: true });
  if (secret === undefined) return undefined;
  switch (mechanism) {
    case 'PLAIN':
      return steps.send(`AUTH PLAIN ${saslPlain(name, secret)}`);
    case 'LOGIN': {
      const first = await steps.send('AUTH LOGIN');
      if (challenge(first) === undefined) return first;
      const second = await steps.send(saslLoginUser(name));
      if (challenge(second) === undefined) return second;
      return steps.send(saslLoginPass(secret));
    }
    case 'CRAM-MD5': {
      const first = await steps.send('AUTH CRAM-MD5');
      const text = challenge(first);
      return text === undefined ? first : steps.send(saslCramMd5(name, secret, text));
    }
    case 'XOAUTH2': {
      const reply = await steps.send(`AUTH XOAUTH2 ${saslXoauth2(name, secret)}`);
      // On failure the server sends a 334 with an error document and waits for an empty line (RFC 7628 §3.2.3).
      return challenge(reply) === undefined ? reply : steps.send('');
    }
  }
}
