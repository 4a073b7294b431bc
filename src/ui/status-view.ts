/**
 * The status bar's one row, fitted to the width: where, which phase, how secure, the mailbox count and what is being
 * waited for. When the row is short, the verdict and its ✓/✗ stay whole; the countdown goes first, then the cipher
 * (shortened, then dropped), the version, the mailbox count, the phase and the target.
 */
import type { Waiting } from '../core/connection.js';
import { printable } from '../core/printable.js';
import { thousands } from '../core/thousands.js';
import type { TlsReport } from '../core/tls-report.js';
import { SIDE_BY_SIDE_MIN_COLUMNS } from './layout.js';
import { displayWidth, truncate } from './text-width.js';

export interface StatusFacts {
  target: string;
  phase: string;
  tls: boolean;
  report?: TlsReport | undefined;
  mailbox?: number | undefined;
  waiting?: Waiting | undefined;
  now: number;
}

/** Each part as shown; together they never take more than the width. */
export interface StatusRow {
  head: string;
  badge: string;
  secure: boolean;
  mail: string;
  wait: string;
}

/** A cipher cut shorter than this says nothing: drop it instead. */
const MIN_CIPHER = 8;
/** A target cut shorter than this is no use beside the phase: the phase goes instead. */
const MIN_TARGET = 6;
/** A countdown cut shorter than this (` │ waiting…`) says nothing either. */
const MIN_WAIT = 12;

/** Whole seconds waited round down and seconds left round up, so the two always add up to the deadline. */
function secondsWaited(ms: number): string {
  return `${Math.max(0, Math.floor(ms / 1000))}s`;
}

function secondsLeft(ms: number): string {
  return `${Math.max(0, Math.ceil(ms / 1000))}s`;
}

function verdict(report: TlsReport | undefined, tls: boolean): string {
  if (!tls || !report) return 'PLAINTEXT';
  return report.verdict.trusted ? 'verified ✓' : `${printable(report.verdict.label)} ✗`;
}

/** The badge at `room` cells: the richest form that fits; undefined when not even the verdict does. */
function badge(report: TlsReport | undefined, tls: boolean, room: number): string | undefined {
  const forms = [verdict(report, tls)];
  if (tls && report) {
    const protocol = printable(report.protocol);
    const cipher = printable(report.cipher.standardName || report.cipher.name);
    const around = displayWidth(`${protocol} ·  · ${forms[0]}`);
    const cut = room - around >= MIN_CIPHER ? [`${protocol} · ${truncate(cipher, room - around)} · ${forms[0]}`] : [];
    forms.unshift(`${protocol} · ${cipher} · ${forms[0]}`, ...cut, `${protocol} · ${forms[0]}`);
  }
  return forms.find((form) => displayWidth(form) <= room);
}

/** The verdict alone, its label cut if it must be, the mark kept: what the row is never without. */
function smallestBadge(report: TlsReport | undefined, tls: boolean, width: number): string {
  const whole = verdict(report, tls);
  if (displayWidth(whole) <= width || !tls || !report) return truncate(whole, width);
  const mark = report.verdict.trusted ? '✓' : '✗';
  return width > 2 ? `${truncate(whole.slice(0, -2), width - 2)} ${mark}` : mark;
}

function fitHead(facts: StatusFacts, width: number, room: number): string {
  const name = width >= SIDE_BY_SIDE_MIN_COLUMNS ? ' smtp-explorer │' : '';
  const target = printable(facts.target);
  const phase = ` │ ${facts.phase} │ `;
  const forms = [`${name} ${target}${phase}`, ` ${target}${phase}`];
  // Where matters more than the step (the transcript shows the step): the target is cut, then the phase goes.
  if (room - displayWidth(phase) - 1 >= MIN_TARGET) forms.push(` ${truncate(target, room - displayWidth(phase) - 1)}${phase}`);
  if (room - 4 >= MIN_TARGET) forms.push(` ${truncate(target, room - 4)} │ `);
  return forms.find((form) => displayWidth(form) <= room) ?? '';
}

/** A reply still coming shows it is: past the lines kept for the screen, nothing else would. */
export function linesSoFar(waiting: Waiting): string {
  const lines = waiting.linesSoFar;
  return lines === undefined ? '' : ` · ${thousands(lines)} line${lines === 1 ? '' : 's'} so far`;
}

export function statusRow(facts: StatusFacts, width: number): StatusRow {
  const { report, tls, mailbox, waiting, now } = facts;
  const secure = tls && report !== undefined && report.verdict.trusted;
  const head = fitHead(facts, width, width - displayWidth(smallestBadge(report, tls, width)));
  const left = width - displayWidth(head);
  const fullMail = mailbox === undefined ? '' : ` │ mailbox: ${mailbox}`;
  const mail = displayWidth(fullMail) + displayWidth(smallestBadge(report, tls, left)) <= left ? fullMail : '';
  const shown = badge(report, tls, left - displayWidth(mail)) ?? smallestBadge(report, tls, left);
  const room = left - displayWidth(mail) - displayWidth(shown);
  const fullWait = waiting
    ? ` │ waiting ${secondsWaited(now - waiting.startedAt)} for ${printable(waiting.display)}${linesSoFar(waiting)} · timeout in ${secondsLeft(waiting.deadline - now)}`
    : '';
  const wait = room >= Math.min(MIN_WAIT, displayWidth(fullWait)) ? truncate(fullWait, room) : '';
  return { head, badge: shown, secure, mail, wait };
}
