/** F1: every key (from the keymap itself) and every local command. */
import { Box, Text } from 'ink';
import { memo } from 'react';
import { LOCAL_COMMAND_HELP } from '../session/local-commands.js';
import { useSessionState, useUi } from './context.js';
import { KEYMAP, keyLabel } from './keymap.js';
import type { PaneBox } from './layout.js';
import { Pane } from './Pane.js';

const KEY_COLUMN = 22;

export function helpLines(): Array<{ text: string; heading?: boolean }> {
  const keys = KEYMAP.filter((binding) => binding.help).map((binding) => ({
    text: `  ${binding.keys.map(keyLabel).join(', ').padEnd(KEY_COLUMN)} ${binding.help}`,
  }));
  const commands = LOCAL_COMMAND_HELP.map((command) => ({ text: `  ${command.usage.padEnd(KEY_COLUMN)} ${command.meaning}` }));
  return [
    { text: 'Keys', heading: true },
    ...keys,
    { text: '' },
    { text: 'Commands (start with /; everything else goes to the server exactly as typed)', heading: true },
    ...commands,
    { text: '' },
    { text: 'Marks: -> sent  <- received  ~> <~ over TLS  === information  *** error  <** reply nobody asked for', heading: true },
    { text: 'Esc, F1 or q closes this help; Up/Down scroll.' },
  ];
}

export const HelpOverlay = memo(function HelpOverlay({ box, text }: { box: PaneBox; text: PaneBox }) {
  const { theme } = useUi();
  const scroll = useSessionState((state) => (state.overlay.kind === 'help' ? state.overlay.scroll : 0));
  const lines = helpLines();
  const top = Math.min(scroll, Math.max(0, lines.length - text.height));
  return (
    <Pane box={box} title="Help — keys and commands" focused>
      <Box flexDirection="column" height={text.height} overflow="hidden">
        {lines.slice(top, top + text.height).map((line, index) => (
          <Text key={top + index} wrap="truncate" bold={line.heading === true} color={line.heading ? theme.color('accent') : undefined}>
            {line.text}
          </Text>
        ))}
      </Box>
    </Pane>
  );
});
