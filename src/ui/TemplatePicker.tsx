/** Ctrl-T: the templates, filtered as you type; Enter puts one in the input (or runs a sequence or AUTH). */
import { Box, Text } from 'ink';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { printable } from '../core/printable.js';
import { describeSteps, filterTemplates } from '../session/templates.js';
import type { Template } from '../session/templates.js';
import { useSessionState, useUi } from './context.js';
import { inputView } from './input-view.js';
import type { PaneBox } from './layout.js';
import { Pane } from './Pane.js';

function preview(template: Template): string {
  switch (template.kind) {
    case 'line':
      return template.text;
    case 'steps':
      return describeSteps(template.steps);
    case 'auth':
      return 'asks for user and secret (masked), computes the base64';
  }
}

export const TemplatePicker = memo(function TemplatePicker({ box, text }: { box: PaneBox; text: PaneBox }) {
  const { session, theme } = useUi();
  const { filter, index } = useSessionState(
    useShallow((state) => (state.overlay.kind === 'templates' ? { filter: state.overlay.filter, index: state.overlay.index } : { filter: undefined, index: 0 })),
  );
  if (!filter) return null;
  const found = filterTemplates(session.templates, filter.text);
  const listRows = Math.max(1, text.height - 2);
  const top = Math.max(0, Math.min(index - listRows + 1, found.length - listRows));
  const view = inputView(filter, text.width - 8, false);
  return (
    <Pane box={box} title="Templates — type to filter · ↑↓ choose · Enter use · Esc close" focused>
      <Box flexDirection="column" height={text.height} overflow="hidden">
        <Text wrap="truncate">
          filter: {view.before}
          <Text inverse>{view.at}</Text>
          {view.after}
        </Text>
        <Text wrap="truncate" color={theme.color('muted')}>
          {found.length === 0 ? 'no template matches' : `${found.length} of ${session.templates.length}`}
        </Text>
        {found.slice(top, top + listRows).map((template, offset) => {
          const chosen = top + offset === index;
          return (
            <Text key={`${template.origin}:${template.name}`} wrap="truncate" inverse={chosen}>
              {chosen ? '▶ ' : '  '}
              {printable(template.name).padEnd(28)} {printable(preview(template))}
              {template.description ? <Text color={theme.color('muted')}> — {printable(template.description)}</Text> : null}
            </Text>
          );
        })}
      </Box>
    </Pane>
  );
});
