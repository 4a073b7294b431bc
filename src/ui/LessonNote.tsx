/** The scenario's lesson beside or above the transcript; F3 or /lesson hides it, Tab then Up/Down or PgUp/PgDn scroll it. */
import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LessonNote as Note } from '../session/workshop.js';
import { useSessionState } from './context.js';
import type { PaneBox } from './layout.js';
import { lessonRows } from './lesson-view.js';
import { ScrolledPane } from './ScrolledPane.js';

export const LessonNote = memo(function LessonNote({ note, box, text }: { note: Note; box: PaneBox; text: PaneBox }) {
  const { scroll, focused } = useSessionState(useShallow((state) => ({ scroll: state.view.lessonScroll, focused: state.view.focus === 'lesson' })));
  const rows = useMemo(() => lessonRows(note, text.width), [note, text.width]);
  return <ScrolledPane box={box} text={text} title="Lesson (F3)" rows={rows} scroll={scroll} focused={focused} howToScroll="(Tab, ↓)" />;
});
