/**
 * The transcript: renders only the rows that fit, found by walking back from the bottom entry. It reads the
 * transcript's revision and the view, never the input line, so typing does not re-render it.
 */
import { Box, Text } from 'ink';
import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { thousands } from '../core/thousands.js';
import { useSessionState, useUi } from './context.js';
import type { PaneBox } from './layout.js';
import { Pane } from './Pane.js';
import { transcriptWindow } from './transcript-rows.js';

export const TranscriptPane = memo(function TranscriptPane({ box, text }: { box: PaneBox; text: PaneBox }) {
  const { theme } = useUi();
  const { ring, revision, follow, anchor, selected, timestamps, focused } = useSessionState(
    useShallow((state) => ({
      ring: state.transcript.ring,
      revision: state.transcript.revision,
      follow: state.view.follow,
      anchor: state.view.anchor,
      selected: state.view.selected,
      timestamps: state.view.timestamps,
      focused: state.view.focus === 'transcript',
    })),
  );
  const window = useMemo(
    () =>
      transcriptWindow(ring, {
        rows: text.height,
        width: text.width,
        timestamps,
        follow,
        anchor,
        ...(selected !== undefined ? { selected } : {}),
      }),
    // The ring is mutated in place; its revision is what changes.
    [ring, revision, text.height, text.width, timestamps, follow, anchor, selected],
  );
  const dropped = ring.dropped > 0 ? ` · ${thousands(ring.dropped)} oldest dropped` : '';
  const position = window.below > 0 ? ` · ${thousands(window.below)} newer below (End follows)` : '';
  return (
    <Pane box={box} title={`Transcript${position}${dropped}`} focused={focused}>
      <Box flexDirection="column" height={text.height} overflow="hidden">
        {window.rows.map((row) => (
          <Text key={row.key} wrap="truncate" color={theme.color(row.tone)} bold={theme.bold(row.tone)} inverse={row.selected}>
            {row.text}
          </Text>
        ))}
      </Box>
    </Pane>
  );
});
