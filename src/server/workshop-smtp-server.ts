// smtp-server as the workshop runs it: its replies corrected where the lessons need it, and its start and stop.
import { SMTPServer } from 'smtp-server';

type SmtpConnection = SMTPServer['connections'] extends Set<infer C> ? C : never;

// A reply that starts with its own status, e.g. `4.7.1 Greylisted`; the class must match the code's first digit.
const OWN_STATUS = /^([245])\.\d{1,3}\.\d{1,3} /;

/**
 * smtp-server derives every enhanced status code from the reply code (a greylisting 451 comes out as
 * 4.3.0, not 4.7.1) and answers AUTH it did not advertise like an unknown command (500). `send` is the
 * one place each reply passes, so this wraps it per connection:
 * - a text that starts with its own status (see `decide`) is sent as it is;
 * - AUTH that is not on offer (plaintext, before STARTTLS) gets Exim's `503 AUTH command used when not
 *   advertised`, a sequence error, which is what the lesson is about.
 */
export class WorkshopSmtpServer extends SMTPServer {
  override connect(...args: Parameters<SMTPServer['connect']>): void {
    super.connect(...args);
    // connect() adds the new connection to the Set synchronously, so it is the last in insertion order.
    let added: SmtpConnection | undefined;
    for (const connection of this.connections) added = connection;
    if (added) added.send = workshopReplies(added.send.bind(added));
  }
}

function workshopReplies(send: SmtpConnection['send']): SmtpConnection['send'] {
  return (code, data, context) => {
    if (code === 500 && context === 'AUTH') return send(503, 'AUTH command used when not advertised');
    const own = typeof data === 'string' ? OWN_STATUS.exec(data) : null;
    if (own && own[1] === String(code)[0]) return send(code, data, false);
    return send(code, data, context);
  };
}

export function listen(smtp: SMTPServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    smtp.server.once('error', onError);
    smtp.listen(port, host, () => {
      smtp.server.off('error', onError);
      resolve();
    });
  });
}

// smtp-server's close() lets sessions run on for up to 30 s; a workshop server going away
// tells every client at once, and the port is free as soon as the listener closes.
export function close(smtp: SMTPServer): Promise<void> {
  return new Promise((resolve) => {
    smtp.close(() => resolve());
    for (const connection of smtp.connections) {
      connection.send(421, 'Server shutting down');
    }
  });
}
