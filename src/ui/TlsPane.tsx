/** What TLS did (or that there is none), and the EHLO capabilities with what STARTTLS changed. */
import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSessionState } from './context.js';
import type { PaneBox } from './layout.js';
import { ScrolledPane } from './ScrolledPane.js';
import { tlsLink } from './tls-link.js';
import { tlsPaneLines, wrapPaneLines } from './tls-view.js';

export const TlsPane = memo(function TlsPane({ box, text }: { box: PaneBox; text: PaneBox }) {
  const { report, caps, preTls, scroll, focused } = useSessionState(
    useShallow((state) => ({
      report: state.tls.report,
      caps: state.caps.current,
      preTls: state.caps.preTls,
      scroll: state.view.tlsScroll,
      focused: state.view.focus === 'tls',
    })),
  );
  // Plain values only, so the shallow comparison sees an unchanged link as unchanged.
  const link = useSessionState(useShallow(tlsLink));
  const rows = useMemo(() => wrapPaneLines(tlsPaneLines(report, caps, preTls, link), text.width), [report, caps, preTls, link, text.width]);
  return <ScrolledPane box={box} text={text} title="TLS" rows={rows} scroll={scroll} focused={focused} />;
});
