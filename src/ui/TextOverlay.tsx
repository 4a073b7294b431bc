/** F1's help, an explanation, the mailbox: lines to read over the panes, scrolled with Up/Down and PgUp/PgDn. */
import { memo, useMemo } from 'react';
import { useSessionState } from './context.js';
import type { PaneBox } from './layout.js';
import { overlayRows, overlayTitle } from './overlay-text.js';
import { ScrolledPane } from './ScrolledPane.js';

export const TextOverlay = memo(function TextOverlay({ box, text }: { box: PaneBox; text: PaneBox }) {
  const overlay = useSessionState((state) => state.overlay);
  const rows = useMemo(() => overlayRows(overlay, text.width), [overlay, text.width]);
  const scroll = overlay.kind === 'help' || overlay.kind === 'text' ? overlay.scroll : 0;
  return <ScrolledPane box={box} text={text} title={overlayTitle(overlay)} rows={rows} scroll={scroll} focused />;
});
