/** Scrolling and selection in the panes, computed from the same windowing the panes render with. */
import type { SessionState, SessionStore, ViewSlice } from '../session/store.js';
import { tlsPaneLines, wrapPaneLines } from './tls-view.js';
import { anchorShowing, bottomOf, homeAnchor, nextReply, pageDownAnchor, pageUpAnchor } from './transcript-rows.js';
import type { WindowOptions } from './transcript-rows.js';

export function windowOptions(view: ViewSlice): WindowOptions {
  return {
    rows: view.transcriptRows,
    width: view.transcriptWidth,
    timestamps: view.timestamps,
    follow: view.follow,
    anchor: view.anchor,
    ...(view.selected !== undefined ? { selected: view.selected } : {}),
  };
}

function setView(store: SessionStore, patch: Partial<ViewSlice>): void {
  store.setState((state) => ({ view: { ...state.view, ...patch } }));
}

export function scrollTranscript(store: SessionStore, how: 'scroll.pageUp' | 'scroll.pageDown' | 'scroll.top' | 'scroll.bottom'): void {
  const { transcript, view } = store.getState();
  const ring = transcript.ring;
  if (ring.size === 0) return;
  const options = windowOptions(view);
  switch (how) {
    case 'scroll.pageUp':
      setView(store, { follow: false, anchor: pageUpAnchor(ring, options) });
      return;
    case 'scroll.pageDown': {
      const anchor = pageDownAnchor(ring, options);
      setView(store, anchor === undefined ? { follow: true } : { follow: false, anchor });
      return;
    }
    case 'scroll.top':
      setView(store, { follow: false, anchor: homeAnchor(ring, options) });
      return;
    case 'scroll.bottom':
      setView(store, { follow: true });
      return;
  }
}

/** Up/Down in the transcript: the previous or next reply line; past the newest, the selection ends. */
export function selectReply(store: SessionStore, direction: -1 | 1): void {
  const { transcript, view } = store.getState();
  const ring = transcript.ring;
  const options = windowOptions(view);
  const from = view.selected ?? (direction < 0 ? bottomOf(ring, options) + 1 : ring.end);
  const selected = nextReply(ring, from, direction);
  if (selected === undefined) {
    if (direction > 0) {
      const { selected: _cleared, ...rest } = view;
      store.setState({ view: { ...rest, follow: true } });
    }
    return;
  }
  const anchor = anchorShowing(ring, { ...options, follow: false, anchor: bottomOf(ring, options) }, selected);
  setView(store, { selected, follow: false, anchor });
}

export function tlsRows(state: SessionState): ReturnType<typeof wrapPaneLines> {
  return wrapPaneLines(tlsPaneLines(state.tls.report, state.caps.current, state.caps.preTls), state.view.tlsWidth);
}

export function scrollTls(store: SessionStore, step: number): void {
  const state = store.getState();
  const max = Math.max(0, tlsRows(state).length - state.view.tlsRows);
  setView(store, { tlsScroll: Math.min(max, Math.max(0, state.view.tlsScroll + step)) });
}
