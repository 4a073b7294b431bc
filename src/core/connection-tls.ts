/**
 * The TLS side of one connection: the handshake under its own deadline (a wait with a countdown, like a reply),
 * and what it leaves behind: the handshake as the records showed it, the report, the session to resume, and the
 * key log, written as it comes.
 */
import { appendFileSync } from 'node:fs';
import type net from 'node:net';
import type tls from 'node:tls';
import type { ConnectionOptions, Waiting } from './connection-events.js';
import { SmtpError, TLS_HANDSHAKE_TIMEOUT } from './errors.js';
import { printable } from './printable.js';
import type { Handshake, HandshakeObserver } from './tls-handshake.js';
import type { StrayByteCatcher, StrayBytes } from './tls-stray-bytes.js';
import { buildTlsReport } from './tls-report.js';
import type { TlsReport } from './tls-report.js';
import { lowersSecurityLevel, sniFor, tlsConnectOptions } from './tls-settings.js';
import { upgradeToTls } from './tls-upgrade.js';

export interface TlsStartHooks {
  /** The handshake missed its deadline. */
  onTimeout(error: SmtpError): void;
  /** The report is out before anything read over TLS is handed on, so TLS starts before the first reply over it. */
  onReady(report: TlsReport): void;
}

export class ConnectionTls {
  private up = false;
  /** Set while a handshake is under way: a reset or close now is a TLS failure, not a plain connection error. */
  private wait: Waiting | undefined;
  private timer: NodeJS.Timeout | undefined;
  private observer: HandshakeObserver | undefined;
  private strayCatcher: StrayByteCatcher | undefined;
  private tlsReport: TlsReport | undefined;
  private latestSession: Buffer | undefined;
  private keylogProblem: string | undefined;

  constructor(
    private readonly options: ConnectionOptions,
    private readonly timeoutMs: number,
  ) {}

  get secure(): boolean {
    return this.up;
  }
  get handshaking(): boolean {
    return this.wait !== undefined;
  }
  /** The handshake is a wait like a reply: shown with its countdown, and given up with `cancel`. */
  get handshakeWait(): Waiting | undefined {
    return this.wait;
  }
  get report(): TlsReport | undefined {
    return this.tlsReport;
  }
  /** Reading it ends the watching of the records. */
  get handshake(): Handshake | undefined {
    return this.observer?.finish();
  }
  get session(): Buffer | undefined {
    return this.latestSession;
  }
  /** The first bytes the server sent that were not TLS records, if it did. */
  get stray(): StrayBytes | undefined {
    return this.strayCatcher?.stray;
  }

  /** TLS over the TCP socket, which is handed over: the TLS socket returned speaks for it from now on. */
  start(plain: net.Socket, hooks: TlsStartHooks): tls.TLSSocket {
    const { host, session } = this.options;
    this.timer = setTimeout(() => {
      hooks.onTimeout(new SmtpError('tls', `TLS handshake did not finish within ${this.timeoutMs / 1000} s`, TLS_HANDSHAKE_TIMEOUT));
    }, this.timeoutMs);
    const upgrade = upgradeToTls(
      plain,
      { ...tlsConnectOptions(host, this.options.tls ?? {}), host, ...(session ? { session } : {}) },
      {
        onKeylog: (line) => this.writeKeylog(line),
        onSession: (next) => (this.latestSession = next),
        onConnected: () => {
          this.stopClock();
          this.wait = undefined;
          this.up = true;
        },
        onReady: (facts) => hooks.onReady(this.buildReport(upgrade.socket, facts)),
      },
    );
    this.observer = upgrade.observer;
    this.strayCatcher = upgrade.stray;
    this.wait = { verb: 'STARTTLS', display: 'the TLS handshake', startedAt: Date.now(), deadline: Date.now() + this.timeoutMs };
    return upgrade.socket;
  }

  /** The socket failed or closed before the handshake finished: its deadline no longer matters. */
  stopClock(): void {
    clearTimeout(this.timer);
  }

  /** NSS key-log lines, appended as they come, so that Wireshark can decrypt a capture of this session. */
  private writeKeylog(line: Buffer): void {
    const file = this.options.tls?.keylogFile;
    if (!file || this.keylogProblem) return;
    try {
      appendFileSync(file, line, { mode: 0o600 });
    } catch (error) {
      this.keylogProblem = `the key log ${file} could not be written: ${(error as Error).message}`;
    }
  }

  private buildReport(socket: tls.TLSSocket, facts: { handshakeMs: number; ocspResponse?: Buffer }): TlsReport {
    const { handshakeMs, ocspResponse } = facts;
    const keylogProblem = this.keylogProblem;
    const handshake = this.observer!.finish();
    const settings = this.options.tls ?? {};
    const servername = sniFor(this.options.host, settings);
    this.tlsReport = buildTlsReport(socket, {
      checkedName: servername ?? this.options.host,
      ...(servername ? { servername } : {}),
      handshakeMs,
      securityLevelLowered: lowersSecurityLevel(settings),
      handshake,
      ...(ocspResponse ? { ocspResponse } : {}),
      ocspRequested: true,
      ...(settings.ca ? { trustedCa: settings.ca } : {}),
      clientCertificateConfigured: settings.cert !== undefined,
      resumptionOffered: this.options.session !== undefined,
      ...(keylogProblem ? { warnings: [printable(keylogProblem)] } : {}),
    });
    return this.tlsReport;
  }
}
