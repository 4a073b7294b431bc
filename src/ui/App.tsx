/** Layout only: which pane goes where at this size. State comes from the store, keys go to the router. */
import { Box } from 'ink';
import { useCallback, useEffect, useMemo } from 'react';
import type { Session } from '../session/session.js';
import { SessionContext, useSessionState, useUi } from './context.js';
import { FramePacer } from './frame-pacer.js';
import { infoRows } from './info.js';
import { InfoLine } from './InfoLine.js';
import { InputLine } from './InputLine.js';
import { calculateLayout } from './layout.js';
import type { Layout } from './layout.js';
import { LessonNote } from './LessonNote.js';
import { lessonRows } from './lesson-view.js';
import { StatusBar } from './StatusBar.js';
import { TemplatePicker } from './TemplatePicker.js';
import { TextOverlay } from './TextOverlay.js';
import type { Theme } from './theme.js';
import { TlsPane } from './TlsPane.js';
import { TranscriptPane } from './TranscriptPane.js';
import { useKeyRouter } from './use-key-router.js';
import { useTerminalSize } from './use-terminal-size.js';
import type { Size } from './use-terminal-size.js';

export interface AppProps {
  session: Session;
  theme: Theme;
  /** Fixed size for tests; the terminal's otherwise. */
  size?: Size;
}

/** The panes under the status bar: transcript and TLS side by side or stacked, the lesson note where the layout put it. */
function Panes({ session, layout }: { session: Session; layout: Layout }) {
  const { lesson } = layout;
  const note = lesson && session.lesson ? <LessonNote note={session.lesson} box={lesson.box} text={lesson.text} placement={lesson.placement} /> : null;
  const tls = layout.showTls ? <TlsPane box={layout.tls} text={layout.tlsText} /> : null;
  const right =
    lesson?.placement === 'side' ? (
      <Box flexDirection="column">
        {note}
        {tls}
      </Box>
    ) : lesson?.placement === 'instead' ? (
      note
    ) : (
      tls
    );
  return (
    <Box flexDirection="column">
      <Box flexDirection={layout.stacked ? 'column' : 'row'}>
        <TranscriptPane box={layout.transcript} text={layout.transcriptText} />
        {right}
      </Box>
      {lesson?.placement === 'block' ? note : null}
    </Box>
  );
}

function Screen({ session, size }: { session: Session; size?: Size }) {
  const { frames } = useUi();
  useKeyRouter(session, frames);
  const terminal = useTerminalSize();
  // One row short of the terminal: a frame as tall as the terminal makes Ink clear and redraw it all each time.
  const { columns, rows } = size ?? { columns: terminal.columns, rows: terminal.rows - 1 };
  const infoWanted = useSessionState((state) => infoRows(state, columns).length);
  const overlay = useSessionState((state) => state.overlay.kind);
  const lessonShown = useSessionState((state) => state.view.lesson) && session.lesson !== undefined;
  const note = session.lesson;
  const lessonHeight = useCallback((width: number) => (note ? lessonRows(note, width).length : 0), [note]);
  const tlsFocused = useSessionState((state) => state.view.focus === 'tls');
  const layout = useMemo(
    () => calculateLayout(columns, rows, lessonShown ? lessonHeight : undefined, infoWanted, tlsFocused),
    [columns, rows, infoWanted, lessonShown, lessonHeight, tlsFocused],
  );
  const whole = { width: layout.columns, height: layout.paneRows };
  const wholeText = { width: Math.max(1, whole.width - 2), height: Math.max(1, whole.height - 3) };
  useEffect(() => {
    session.store.setState((state) => ({
      view: {
        ...state.view,
        transcriptRows: layout.transcriptText.height,
        transcriptWidth: layout.transcriptText.width,
        tlsRows: layout.showTls ? layout.tlsText.height : 0,
        tlsWidth: layout.tlsText.width,
        lessonRows: layout.lesson?.text.height ?? 0,
        lessonWidth: layout.lesson?.text.width ?? state.view.lessonWidth,
        overlayRows: wholeText.height,
        overlayWidth: wholeText.width,
      },
    }));
    // The panes' sizes follow the frame that changed them (a resize, the info line growing), not the server's pace.
    frames.input();
  }, [session, frames, layout, wholeText.height, wholeText.width]);
  return (
    // Clipped only when too short for the transcript, when even the bars may not fit: clipping makes Ink measure and
    // slice every line it draws, ~5 ms of the first frame.
    <Box flexDirection="column" width={layout.columns} height={layout.rows} overflow={layout.showTranscript ? 'visible' : 'hidden'}>
      <StatusBar width={layout.columns} />
      {!layout.showTranscript ? (
        <Box height={layout.paneRows} />
      ) : overlay === 'help' || overlay === 'text' ? (
        <TextOverlay box={whole} text={wholeText} />
      ) : overlay === 'templates' ? (
        <TemplatePicker box={whole} text={wholeText} />
      ) : (
        <Panes session={session} layout={layout} />
      )}
      <InfoLine width={layout.columns} height={layout.info} />
      <InputLine width={layout.columns} />
    </Box>
  );
}

export function App({ session, theme, size }: AppProps) {
  const frames = useMemo(() => new FramePacer(session.store), [session]);
  const context = useMemo(() => ({ session, theme, frames }), [session, theme, frames]);
  return (
    <SessionContext.Provider value={context}>
      <Screen session={session} {...(size ? { size } : {})} />
    </SessionContext.Provider>
  );
}
