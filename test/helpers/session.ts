/** Drives an SmtpConnection in tests and keeps the transcript it produced. */
import { SmtpConnection } from '../../src/core/connection.js';
import type { ConnectionEvent, ConnectionOptions } from '../../src/core/connection.js';
import { entriesFor, formatEntry } from '../../src/core/transcript.js';

export interface Recorded {
  connection: SmtpConnection;
  events: ConnectionEvent[];
  /** The transcript as script mode prints it. */
  lines(): string[];
  closed: Promise<void>;
}

export function record(options: ConnectionOptions): Recorded {
  const connection = new SmtpConnection(options);
  const events: ConnectionEvent[] = [];
  let closedResolve!: () => void;
  const closed = new Promise<void>((resolve) => (closedResolve = resolve));
  connection.subscribe((event) => {
    events.push(event);
    if (event.type === 'closed') closedResolve();
  });
  return { connection, events, lines: () => events.flatMap(entriesFor).map(formatEntry), closed };
}
