/** Command-line flags → connection options; reads the PEM files the user named. */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from '../core/connection.js';
import { uniformTimeouts } from '../core/timeouts.js';
import type { ClientFlags, Target } from './args.js';
import { UsageError } from './args.js';

function readPem(flag: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--${flag} ${path}: ${(error as Error).message}`);
  }
}

/** `env` for SSLKEYLOGFILE, which browsers and curl honour too; --keylog wins over it. */
export function connectionOptions(flags: ClientFlags, target: Target, env: NodeJS.ProcessEnv = process.env): ConnectionOptions {
  const keylogFile = flags.keylogFile ?? (env.SSLKEYLOGFILE || undefined);
  const ca = readPem('ca', flags.caFile);
  const cert = readPem('cert', flags.certFile);
  const key = readPem('key', flags.keyFile);
  return {
    host: target.host,
    port: target.port,
    ...(flags.family ? { family: flags.family } : {}),
    tlsOnConnect: flags.tlsOnConnect,
    tls: {
      ...(flags.servername !== undefined ? { servername: flags.servername } : {}),
      ...(flags.tlsMin ? { minVersion: flags.tlsMin } : {}),
      ...(flags.tlsMax ? { maxVersion: flags.tlsMax } : {}),
      ...(flags.ciphers ? { ciphers: flags.ciphers } : {}),
      ...(ca ? { ca } : {}),
      ...(cert ? { cert } : {}),
      ...(key ? { key } : {}),
      strict: flags.strictTls,
      ...(keylogFile ? { keylogFile } : {}),
    },
    ...(flags.timeoutSeconds ? { timeouts: uniformTimeouts(flags.timeoutSeconds) } : {}),
  };
}
