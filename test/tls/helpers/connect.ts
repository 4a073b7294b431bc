/** Drives a real SmtpConnection into TLS against a test server and hands back what it reported. */
import type { ConnectionOptions } from '../../../src/core/connection.js';
import type { TlsReport } from '../../../src/core/tls-report.js';
import type { TlsSettings } from '../../../src/core/tls-settings.js';
import { record } from '../../helpers/session.js';
import type { Recorded } from '../../helpers/session.js';
import type { TlsSmtpServer } from './tls-smtp-server.js';

export interface Secured extends Recorded {
  report: TlsReport;
}

export function optionsFor(server: TlsSmtpServer, tls: TlsSettings = {}, extra: Partial<ConnectionOptions> = {}): ConnectionOptions {
  return { host: server.host, port: server.port, tls: { servername: 'localhost', ...tls }, ...extra };
}

/** Greeting, EHLO, STARTTLS (unless implicit); rejects with the connection's error when TLS fails. */
export async function secure(server: TlsSmtpServer, tls: TlsSettings = {}, extra: Partial<ConnectionOptions> = {}): Promise<Secured> {
  const recorded = record(optionsFor(server, tls, extra));
  const { connection } = recorded;
  try {
    await connection.open();
    if (!extra.tlsOnConnect) {
      await connection.submit('EHLO client.example');
      await connection.submit('STARTTLS');
    }
    await connection.submit('NOOP');
  } catch (error) {
    connection.close();
    throw error;
  }
  const report = connection.tlsReport;
  if (!report) throw new Error('no TLS report');
  return { ...recorded, report };
}

/** Ends politely and waits for the close, so nothing outlives the test. */
export async function finish(session: Recorded): Promise<void> {
  await session.connection.submit('QUIT').catch(() => undefined);
  session.connection.close();
  await session.closed;
}
