/** One row: where, which phase, how secure, and what is being waited for with its countdown (fitted in status-view.ts). */
import { Box, Text } from 'ink';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSessionState, useUi } from './context.js';
import { statusRow } from './status-view.js';

export const StatusBar = memo(function StatusBar({ width }: { width: number }) {
  const { theme } = useUi();
  const facts = useSessionState(
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
  const row = statusRow(facts, width);
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text bold wrap="truncate">
        {row.head}
      </Text>
      <Text color={theme.color(row.secure ? 'secure' : 'insecure')} bold={!row.secure} wrap="truncate">
        {row.badge}
      </Text>
      {row.mail && <Text wrap="truncate">{row.mail}</Text>}
      {row.wait && (
        <Text wrap="truncate" color={theme.color('warning')}>
          {row.wait}
        </Text>
      )}
    </Box>
  );
});
