/** Layout only: which pane goes where at this size. State comes from the store, keys go to the router. */
import { Box } from 'ink';
import { useEffect, useMemo } from 'react';
import type { Session } from '../session/session.js';
import { SessionContext, useSessionState } from './context.js';
import { HelpOverlay } from './HelpOverlay.js';
import { infoRows } from './info.js';
import { InfoLine } from './InfoLine.js';
import { InputLine } from './InputLine.js';
import { calculateLayout } from './layout.js';
import { StatusBar } from './StatusBar.js';
import { TemplatePicker } from './TemplatePicker.js';
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

function Screen({ session, size }: { session: Session; size?: Size }) {
  useKeyRouter(session);
  const terminal = useTerminalSize();
  // One row short of the terminal: a frame as tall as the terminal makes Ink clear and redraw it all each time.
  const { columns, rows } = size ?? { columns: terminal.columns, rows: terminal.rows - 1 };
  const infoHeight = useSessionState((state) => infoRows(state, columns).length);
  const overlay = useSessionState((state) => state.overlay.kind);
  const layout = useMemo(() => calculateLayout(columns, rows - (infoHeight - 1)), [columns, rows, infoHeight]);
  useEffect(() => {
    session.store.setState((state) => ({
      view: {
        ...state.view,
        transcriptRows: layout.transcriptText.height,
        transcriptWidth: layout.transcriptText.width,
        tlsRows: layout.tlsText.height,
        tlsWidth: layout.tlsText.width,
      },
    }));
  }, [session, layout]);
  const panes = layout.stacked ? 'column' : 'row';
  const whole = { width: layout.columns, height: layout.transcript.height + (layout.stacked ? layout.tls.height : 0) };
  const wholeText = { width: whole.width - 2, height: whole.height - 3 };
  return (
    <Box flexDirection="column" width={layout.columns} height={rows}>
      <StatusBar width={layout.columns} />
      {overlay === 'help' ? (
        <HelpOverlay box={whole} text={wholeText} />
      ) : overlay === 'templates' ? (
        <TemplatePicker box={whole} text={wholeText} />
      ) : (
        <Box flexDirection={panes}>
          <TranscriptPane box={layout.transcript} text={layout.transcriptText} />
          <TlsPane box={layout.tls} text={layout.tlsText} />
        </Box>
      )}
      <InfoLine width={layout.columns} height={infoHeight} />
      <InputLine width={layout.columns} />
    </Box>
  );
}

export function App({ session, theme, size }: AppProps) {
  const context = useMemo(() => ({ session, theme }), [session, theme]);
  return (
    <SessionContext.Provider value={context}>
      <Screen session={session} {...(size ? { size } : {})} />
    </SessionContext.Provider>
  );
}
