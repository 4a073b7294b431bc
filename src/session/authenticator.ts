/**
 * AUTH as the session runs it: the yes it needs first over plaintext or an unverified certificate, and a
 * template's exchange, during which typed lines wait so that none slips between its steps.
 */
import type { SmtpConnection } from '../core/connection.js';
import { runAuth } from './auth-flow.js';
import type { ConnectionSlot } from './connection-slot.js';
import type { Outbox } from './outbox.js';
import type { Questions } from './questions.js';
import { clearNotice, setNotice } from './store.js';
import type { SessionStore } from './store.js';
import type { AuthMechanism } from './templates.js';

/** Why AUTH needs a yes first; a yes covers one reason on one connection. */
type AuthRisk = 'plaintext' | 'unverified';

export interface AuthenticatorDeps {
  store: SessionStore;
  slot: ConnectionSlot;
  outbox: Outbox;
  questions: Questions;
}

export class Authenticator {
  private readonly confirmed = new WeakMap<SmtpConnection, AuthRisk>();

  constructor(private readonly deps: AuthenticatorDeps) {}

  /**
   * AUTH over plaintext or an unverified certificate needs a yes first, once per connection and reason: a yes to
   * plaintext does not cover the unverified certificate met after STARTTLS. Undefined when no yes is needed.
   */
  confirm(connection: SmtpConnection): Promise<boolean> | undefined {
    const report = connection.tls ? connection.tlsReport : undefined;
    if (report?.verdict.trusted) return undefined;
    const risk: AuthRisk = report ? 'unverified' : 'plaintext';
    if (this.confirmed.get(connection) === risk) return undefined;
    const why = report
      ? `the certificate is not verified (${report.verdict.label}): the server may not be who it says, and would get the credentials`
      : 'the connection is PLAINTEXT: anyone on the path can read the credentials';
    return this.deps.questions.confirm(`Send AUTH? ${why}. Send anyway? y/N`).then((yes) => {
      if (yes) this.confirmed.set(connection, risk);
      return yes;
    });
  }

  /** An AUTH template: asks for the user and the secret, then answers each 334. */
  async run(mechanism: AuthMechanism): Promise<void> {
    const { store, slot, outbox, questions } = this.deps;
    const connection = slot.require();
    if (!connection) return;
    const question = this.confirm(connection);
    if (question && !(await question)) {
      setNotice(store, 'AUTH not sent: not confirmed');
      return;
    }
    clearNotice(store);
    const owner = Symbol(`AUTH ${mechanism}`);
    const reply = await runAuth(
      mechanism,
      {
        ask: (label, options) => questions.ask(label, options),
        send: (line) => {
          outbox.hold(owner);
          return outbox.send(line, { confirmed: true, owner });
        },
      },
      store.getState().vars.user,
    ).finally(() => outbox.release(owner));
    if (reply === undefined && !slot.connection?.closed) setNotice(store, `AUTH ${mechanism} not completed`);
  }
}
