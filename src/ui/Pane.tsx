/** A bordered pane with a title row; the focused one is marked by a ▶ and a bold border, not by colour alone. */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { useUi } from './context.js';
import type { PaneBox } from './layout.js';

export function Pane({ box, title, focused, children }: { box: PaneBox; title: string; focused: boolean; children: ReactNode }) {
  const { theme } = useUi();
  return (
    <Box
      flexDirection="column"
      width={box.width}
      height={box.height}
      borderStyle={focused ? 'bold' : 'round'}
      borderColor={theme.color(focused ? 'accent' : 'muted')}
      overflow="hidden"
    >
      <Text wrap="truncate" bold={focused}>
        {focused ? '▶ ' : '  '}
        {title}
      </Text>
      {children}
    </Box>
  );
}
