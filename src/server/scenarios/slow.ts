import type { Scenario, ScenarioSettings } from './types.js';

/** Seconds, under every default deadline, long enough to watch the countdown. */
export const SLOW_DELAY_MS = 4000;

export const slow: Scenario = {
  name: 'slow',
  summary: 'the greeting, MAIL, RCPT and the end of DATA each take seconds: watch the countdown',
  lesson: {
    demonstrates:
      'A server under load, or one that delays on purpose (tarpitting). The client has to wait, and how long it ' +
      'waits is a choice: RFC 5321 asks for minutes.',
    try: [
      'watch the countdown while the greeting is held back',
      'EHLO workshop.test, MAIL FROM:<you@example.org>, RCPT TO:<friend@example.org>, DATA, a message, a lone "."',
      'smtp-explorer --scenario slow --timeout 2: a client too impatient for this server',
    ],
    lookFor: [
      'the countdown for each reply; Esc gives up',
      'with --timeout 2 the client gives up waiting for the greeting (exit code 2)',
      'a timeout at the end of DATA is the dangerous one: the message MAY have been accepted',
    ],
  },
  server: (settings: ScenarioSettings) => {
    const delayMs = settings.delayMs ?? SLOW_DELAY_MS;
    // Unref'd: a held reply must not keep the process alive once the server is closed.
    const later = (): Promise<undefined> => new Promise((resolve) => setTimeout(resolve, delayMs, undefined).unref());
    return {
      engine: 'smtp-server',
      options: { policy: { connect: later, mailFrom: later, rcptTo: later, dataEnd: later } },
    };
  },
};
