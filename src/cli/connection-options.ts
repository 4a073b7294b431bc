/** Command-line flags → connection options; reads the PEM files the user named, and checks what OpenSSL will make of them. */
import { caCertificates } from '../core/ca-certificates.js';
import type { ConnectionOptions } from '../core/connection.js';
import { shapesContext, tlsOptionProblem } from '../core/tls-context-check.js';
import type { TlsOption } from '../core/tls-context-check.js';
import type { TlsSettings } from '../core/tls-settings.js';
import { uniformTimeouts } from '../core/timeouts.js';
import type { ClientFlags, Target } from './args.js';
import { UsageError } from './args.js';
import { checkAppendable, readGivenFile } from './given-files.js';

function readPem(flag: string, path: string | undefined): string | undefined {
  return path === undefined ? undefined : readGivenFile(flag, path).toString('utf8');
}

function readCa(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const read = caCertificates(readGivenFile('ca', path));
  if ('problem' in read) throw new UsageError(`--ca ${path} ${read.problem}`);
  return read.pem;
}

function flagsFor(option: TlsOption, flags: ClientFlags): string {
  const versions = [flags.tlsMin && `--tls-min ${flags.tlsMin}`, flags.tlsMax && `--tls-max ${flags.tlsMax}`].filter(Boolean).join(' ');
  const named = { ciphers: `--ciphers ${flags.ciphers}`, cert: `--cert ${flags.certFile}`, key: `--key ${flags.keyFile}`, versions } as const;
  return option === 'pair' ? `${named.cert} ${named.key}` : named[option];
}

/** A usage error now, before any connection, rather than a crash after STARTTLS has gone out. */
function checkTls(settings: TlsSettings, flags: ClientFlags): void {
  if (!shapesContext(settings)) return;
  const problem = tlsOptionProblem(settings);
  if (problem) throw new UsageError(`${flagsFor(problem.option, flags)}: ${problem.reason}`);
}

/** `env` for SSLKEYLOGFILE, which browsers and curl honour too; --keylog wins over it. */
export function connectionOptions(flags: ClientFlags, target: Target, env: NodeJS.ProcessEnv = process.env): ConnectionOptions {
  const keylogFile = flags.keylogFile ?? (env.SSLKEYLOGFILE || undefined);
  const ca = readCa(flags.caFile);
  const cert = readPem('cert', flags.certFile);
  const key = readPem('key', flags.keyFile);
  const tls: TlsSettings = {
    ...(flags.servername !== undefined ? { servername: flags.servername } : {}),
    ...(flags.tlsMin ? { minVersion: flags.tlsMin } : {}),
    ...(flags.tlsMax ? { maxVersion: flags.tlsMax } : {}),
    ...(flags.ciphers ? { ciphers: flags.ciphers } : {}),
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    strict: flags.strictTls,
    ...(keylogFile ? { keylogFile } : {}),
  };
  checkTls(tls, flags);
  // Last, since it creates the file: --keylog is checked like the files read; SSLKEYLOGFILE, set for every program,
  // only gets the report's warning when it cannot be written.
  if (flags.keylogFile !== undefined) checkAppendable('keylog', flags.keylogFile);
  return {
    host: target.host,
    port: target.port,
    ...(flags.family ? { family: flags.family } : {}),
    tlsOnConnect: flags.tlsOnConnect,
    tls,
    ...(flags.timeoutSeconds ? { timeouts: uniformTimeouts(flags.timeoutSeconds) } : {}),
  };
}
