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
