/** The rows above the input: a notice, what a reply means, or what the input expects now. */
import { Box, Text } from 'ink';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSessionState, useUi } from './context.js';
import { infoRows, MAX_INFO_ROWS } from './info.js';
import type { UiTone } from './theme.js';

/** Rows as flat primitives, so the shallow comparison sees "unchanged" when nothing changed. */
function flat(rows: ReturnType<typeof infoRows>): Record<string, string> {
  const out: Record<string, string> = {};
  rows.forEach((row, index) => {
    out[`text${index}`] = row.text;
    out[`tone${index}`] = row.tone ?? '';
  });
  return out;
}

export const InfoLine = memo(function InfoLine({ width, height }: { width: number; height: number }) {
  const { theme } = useUi();
  // Fewer rows than it wanted (a short terminal): its last row still says that more was cut.
  const rows = useSessionState(useShallow((state) => flat(infoRows(state, width, Math.min(height, MAX_INFO_ROWS)))));
  const shown = Array.from({ length: height }, (_, index) => ({ text: rows[`text${index}`] ?? '', tone: (rows[`tone${index}`] || undefined) as UiTone | undefined }));
  return (
    <Box flexDirection="column" width={width} height={height}>
      {shown.map((row, index) => (
        <Text key={index} wrap="truncate" color={row.tone ? theme.color(row.tone) : undefined} bold={row.tone ? theme.bold(row.tone) : false}>
          {row.text}
        </Text>
      ))}
    </Box>
  );
});
