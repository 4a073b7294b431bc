/** One row: where, which phase, how secure, and what is being waited for with its countdown. */
import { Box, Text } from 'ink';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { printable } from '../core/printable.js';
import type { TlsReport } from '../core/tls-report.js';
import { useSessionState, useUi } from './context.js';
import { SIDE_BY_SIDE_MIN_COLUMNS } from './layout.js';
import { truncate } from './text-width.js';

function badge(report: TlsReport | undefined, tls: boolean): { text: string; secure: boolean } {
  if (!tls || !report) return { text: 'PLAINTEXT', secure: false };
  const verdict = report.verdict.trusted ? 'verified ✓' : `${printable(report.verdict.label)} ✗`;
  return { text: `${printable(report.protocol)} · ${printable(report.cipher.standardName || report.cipher.name)} · ${verdict}`, secure: report.verdict.trusted };
}

/** Whole seconds waited round down and seconds left round up, so the two always add up to the deadline. */
function secondsWaited(ms: number): string {
  return `${Math.max(0, Math.floor(ms / 1000))}s`;
}

function secondsLeft(ms: number): string {
  return `${Math.max(0, Math.ceil(ms / 1000))}s`;
}

export const StatusBar = memo(function StatusBar({ width }: { width: number }) {
  const { theme } = useUi();
  const { target, phase, tls, waiting, now, report, mailbox } = useSessionState(
    useShallow((state) => ({
      target: state.status.target,
      phase: state.status.phase,
      mailbox: state.status.mailbox,
      tls: state.status.tls,
      waiting: state.status.waiting,
      now: state.status.now,
      report: state.tls.report,
    })),
  );
  const security = badge(report, tls);
  const wait = waiting
    ? ` │ waiting ${secondsWaited(now - waiting.startedAt)} for ${printable(waiting.display)} · timeout in ${secondsLeft(waiting.deadline - now)}`
    : '';
  // On a narrow terminal the verdict matters more than the program's name.
  const name = width >= SIDE_BY_SIDE_MIN_COLUMNS ? ' smtp-explorer │' : '';
  const head = `${name} ${printable(target)} │ ${phase} │ `;
  const mail = mailbox === undefined ? '' : ` │ mailbox: ${mailbox}`;
  const room = Math.max(0, width - head.length - mail.length - wait.length);
  return (
    <Box width={width} height={1}>
      {/* Where and how secure keep their room; the count and the countdown are cut first. */}
      <Box flexShrink={0}>
        <Text bold>{head}</Text>
        <Text color={theme.color(security.secure ? 'secure' : 'insecure')} bold={!security.secure}>
          {truncate(security.text, Math.max(9, room))}
        </Text>
      </Box>
      {mail && <Text wrap="truncate">{mail}</Text>}
      {wait && (
        <Text wrap="truncate" color={theme.color('warning')}>
          {wait}
        </Text>
      )}
    </Box>
  );
});
