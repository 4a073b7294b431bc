/**
 * The built-in server this run started, as the explorer sees it: its scenario's lesson for the side note, and its
 * mailbox for /mailbox. Text from here is safe to show: our own lessons, and mail through `messageSummary`.
 */
import type { WorkshopServer } from '../server/builtin.js';
import { messagePreview, messageSummary } from '../server/mailbox-text.js';
import { lessonLines } from '../server/scenarios/describe.js';
import type { Scenario } from '../server/scenarios/types.js';

export interface Workshop {
  scenario: Scenario;
  server: WorkshopServer;
}

export interface LessonNote {
  /** `Lesson: require-tls — MAIL before STARTTLS is refused with 530 5.7.0` */
  heading: string;
  /** What it demonstrates, `Try:` and `Look for:` with `  - ` items; not wrapped. */
  lines: readonly string[];
}

export const NO_WORKSHOP = 'only for the built-in server (run without a host, e.g. smtp-explorer --scenario require-tls)';

export function lessonNote(scenario: Scenario): LessonNote {
  return { heading: `Lesson: ${scenario.name} — ${scenario.summary}`, lines: lessonLines(scenario.lesson) };
}

export type MailboxView = { title: string; lines: string[] } | { error: string };

/** `/mailbox`: one summary per message, newest last; `/mailbox N`: its summary, then its first lines. */
export function mailboxView(server: WorkshopServer, seq?: number): MailboxView {
  const { mailbox } = server;
  if (seq === undefined) {
    if (mailbox.length === 0) return { title: 'Mailbox', lines: ['the mailbox is empty: send a message (MAIL FROM, RCPT TO, DATA) and look again'] };
    const plural = mailbox.length === 1 ? '' : 's';
    return { title: `Mailbox — ${mailbox.length} message${plural} (/mailbox N shows one)`, lines: mailbox.map(messageSummary) };
  }
  const message = mailbox.find((candidate) => candidate.seq === seq);
  if (!message) {
    const range = mailbox.length === 0 ? 'the mailbox is empty' : `the mailbox holds ${mailbox[0]!.seq}-${mailbox.at(-1)!.seq}`;
    return { error: `no message ${seq} (${range})` };
  }
  return { title: `Mailbox — message ${seq}`, lines: [messageSummary(message), '', ...messagePreview(message)] };
}
