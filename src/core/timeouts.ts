/**
 * Reply deadlines per phase. RFC 5321 §4.5.3.2 asks MTAs for minutes; an interactive tool needs an answer
 * sooner, except at the end of DATA, where giving up early can duplicate mail, so that one stays long.
 */
export interface Timeouts {
  connect: number;
  greeting: number;
  command: number;
  tlsHandshake: number;
  dataEnd: number;
}

export const DEFAULT_TIMEOUTS: Readonly<Timeouts> = {
  connect: 15_000,
  greeting: 60_000,
  command: 60_000,
  tlsHandshake: 30_000,
  dataEnd: 600_000,
};

/** `--timeout SECONDS` applies one deadline to every phase. */
export function uniformTimeouts(seconds: number): Timeouts {
  const ms = Math.round(seconds * 1000);
  return { connect: ms, greeting: ms, command: ms, tlsHandshake: ms, dataEnd: ms };
}

/**
 * Why a greeting may not have come, and what to do: a server that holds it on purpose looks the same as a port that
 * waits for our TLS ClientHello first, except on 465, the port for TLS from the first byte (RFC 8314).
 */
export function greetingSilenceHint(port: number): string {
  if (port === 465) return ': port 465 expects TLS from the first byte: use --tls-on-connect';
  return ': a server may hold its greeting on purpose (a tarpit, a busy server): a longer --timeout waits for it; a port that expects TLS from the first byte (like 465) needs --tls-on-connect';
}
