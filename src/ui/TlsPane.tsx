/** What TLS did (or that there is none), and the EHLO capabilities with what STARTTLS changed. */
import { Box, Text } from 'ink';
import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSessionState, useUi } from './context.js';
import type { PaneBox } from './layout.js';
import { Pane } from './Pane.js';
import { tlsPaneLines, wrapPaneLines } from './tls-view.js';

export const TlsPane = memo(function TlsPane({ box, text }: { box: PaneBox; text: PaneBox }) {
  const { theme } = useUi();
  const { report, caps, preTls, scroll, focused } = useSessionState(
    useShallow((state) => ({
      report: state.tls.report,
      caps: state.caps.current,
      preTls: state.caps.preTls,
      scroll: state.view.tlsScroll,
      focused: state.view.focus === 'tls',
    })),
  );
  const rows = useMemo(() => wrapPaneLines(tlsPaneLines(report, caps, preTls), text.width), [report, caps, preTls, text.width]);
  const top = Math.min(scroll, Math.max(0, rows.length - text.height));
  const more = rows.length > top + text.height ? ` · ${rows.length - top - text.height} more rows (Tab, ↓)` : '';
  return (
    <Pane box={box} title={`TLS${more}`} focused={focused}>
      <Box flexDirection="column" height={text.height} overflow="hidden">
        {rows.slice(top, top + text.height).map((row, index) => (
          <Text key={top + index} wrap="truncate" color={row.tone ? theme.color(row.tone) : undefined} bold={row.heading === true || (row.tone ? theme.bold(row.tone) : false)}>
            {row.text}
          </Text>
        ))}
      </Box>
    </Pane>
  );
});
