/** The scenario's lesson beside or above the transcript; F3 or /lesson hides it, Tab then Up/Down or PgUp/PgDn scroll it. */
import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LessonNote as Note } from '../session/workshop.js';
import { useSessionState } from './context.js';
import type { LessonPlacement, PaneBox } from './layout.js';
import { lessonRows } from './lesson-view.js';
import { ScrolledPane } from './ScrolledPane.js';

/** In the TLS pane's place the title says how to get it back, louder once there is TLS to read. */
function title(placement: LessonPlacement, tls: boolean): string {
  if (placement !== 'instead') return 'Lesson (F3)';
  return tls ? 'Lesson · TLS is on: F3 shows the TLS pane' : 'Lesson (F3 shows the TLS pane)';
}

export const LessonNote = memo(function LessonNote({ note, box, text, placement }: { note: Note; box: PaneBox; text: PaneBox; placement: LessonPlacement }) {
  const { scroll, focused, tls } = useSessionState(
    useShallow((state) => ({ scroll: state.view.lessonScroll, focused: state.view.focus === 'lesson', tls: state.status.tls })),
  );
  const rows = useMemo(() => lessonRows(note, text.width), [note, text.width]);
  return <ScrolledPane box={box} text={text} title={title(placement, tls)} rows={rows} scroll={scroll} focused={focused} />;
});
