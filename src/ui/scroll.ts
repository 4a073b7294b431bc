/** Scrolling and selection in the panes, computed from the same windowing the panes render with. */
import { followTail } from '../session/store.js';
import type { SessionState, SessionStore, ViewSlice } from '../session/store.js';
import type { LessonNote } from '../session/workshop.js';
import { lessonRows } from './lesson-view.js';
import { overlayRows } from './overlay-text.js';
import { tlsLink } from './tls-link.js';
import { tlsPaneLines, wrapPaneLines } from './tls-view.js';
import { anchorShowing, bottomOf, homeAnchor, nextReply, pageDownAnchor, pageUpAnchor, transcriptWindow } from './transcript-rows.js';
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

/** A page of the TLS pane or the lesson: all its visible rows (at 80x24 they have two or three, and keeping one back crept a row at a time). */
function page(rows: number): number {
  return Math.max(1, rows);
}

/** PgUp/PgDn and Home/End in the transcript. */
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
  // From the last entry on screen, which on a page filled from the oldest lies past the anchor.
  const from = view.selected ?? (direction < 0 ? transcriptWindow(ring, options).bottom + 1 : ring.end);
  const selected = nextReply(ring, from, direction);
  if (selected === undefined) {
    if (direction > 0) followTail(store);
    return;
  }
  const anchor = anchorShowing(ring, { ...options, follow: false, anchor: bottomOf(ring, options) }, selected);
  setView(store, { selected, follow: false, anchor });
}

export function tlsRows(state: SessionState): ReturnType<typeof wrapPaneLines> {
  return wrapPaneLines(tlsPaneLines(state.tls.report, state.caps.current, state.caps.preTls, tlsLink(state)), state.view.tlsWidth);
}

/** `byPage`: by the pane's visible rows. */
export function scrollTls(store: SessionStore, step: number, byPage = false): void {
  const state = store.getState();
  const by = byPage ? step * page(state.view.tlsRows) : step;
  const max = Math.max(0, tlsRows(state).length - state.view.tlsRows);
  setView(store, { tlsScroll: Math.min(max, Math.max(0, state.view.tlsScroll + by)) });
}

/** `byPage`: by the note's visible rows. */
export function scrollLesson(store: SessionStore, note: LessonNote | undefined, step: number, byPage = false): void {
  const { view } = store.getState();
  if (!note) return;
  const by = byPage ? step * page(view.lessonRows) : step;
  const max = Math.max(0, lessonRows(note, view.lessonWidth).length - view.lessonRows);
  setView(store, { lessonScroll: Math.min(max, Math.max(0, view.lessonScroll + by)) });
}

export function scrollOverlay(store: SessionStore, step: number, page = false): void {
  const { overlay, view } = store.getState();
  if (overlay.kind !== 'help' && overlay.kind !== 'text') return;
  const by = page ? step * Math.max(1, view.overlayRows - 1) : step;
  const max = Math.max(0, overlayRows(overlay, view.overlayWidth).length - view.overlayRows);
  store.setState({ overlay: { ...overlay, scroll: Math.min(max, Math.max(0, overlay.scroll + by)) } });
}
