/** A pane of pre-wrapped rows showing a window from `scroll`; its title says how many rows are below. */
import { Box, Text } from 'ink';
import { useUi } from './context.js';
import type { PaneBox } from './layout.js';
import { Pane } from './Pane.js';
import type { PaneLine } from './tls-view.js';

export interface ScrolledPaneProps {
  box: PaneBox;
  text: PaneBox;
  title: string;
  rows: readonly PaneLine[];
  scroll: number;
  focused: boolean;
}

export function ScrolledPane({ box, text, title, rows, scroll, focused }: ScrolledPaneProps) {
  const { theme } = useUi();
  // How to get to the rest: focused, the keys that scroll it; else Tab first, which takes it there.
  const howToScroll = focused ? '(↓, PgDn)' : '(Tab, ↓)';
  const top = Math.min(scroll, Math.max(0, rows.length - text.height));
  const below = rows.length - top - text.height;
  return (
    <Pane box={box} title={below > 0 ? `${title} · ${below} more row${below === 1 ? '' : 's'} ${howToScroll}` : title} focused={focused}>
      <Box flexDirection="column" height={text.height} overflow="hidden">
        {rows.slice(top, top + text.height).map((row, index) => (
          <Text key={top + index} wrap="truncate" color={row.tone ? theme.color(row.tone) : undefined} bold={row.heading === true || (row.tone ? theme.bold(row.tone) : false)}>
            {/* An empty Text takes no row in Ink: a blank line would vanish and the rows below move up. */}
            {row.text || ' '}
          </Text>
        ))}
      </Box>
    </Pane>
  );
}
