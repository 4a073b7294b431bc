/**
 * One store per session (never a module singleton): the only place the UI reads from. State is plain data;
 * the functions that change it live beside each slice (composer.ts, view.ts, bind.ts) and call `setState`.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { Waiting } from '../core/connection.js';
import type { Capabilities } from '../core/ehlo.js';
import type { TlsReport } from '../core/tls-report.js';
import type { TranscriptEntry } from '../core/transcript.js';
import type { LineState } from './line-editor.js';
import { Ring } from './ring.js';

/** A transcript entry as the session keeps it: raw-mode sends are marked so they can be told apart. */
export interface SessionEntry extends TranscriptEntry {
  rawMode?: boolean;
}

export type Phase = 'connecting' | 'greeting' | 'EHLO' | 'TLS' | 'AUTH' | 'MAIL' | 'RCPT' | 'DATA' | 'closed';
export type Focus = 'input' | 'transcript' | 'lesson' | 'tls';

export interface Notice {
  text: string;
  tone: 'info' | 'problem';
}

export interface TranscriptSlice {
  /** Mutated in place; `revision` changes with every batch, and selectors watch that. */
  ring: Ring<SessionEntry>;
  revision: number;
}

export interface TlsSlice {
  report?: TlsReport;
}

export interface CapsSlice {
  current?: Capabilities;
  /** What EHLO said before STARTTLS: untrusted, kept only for the diff. */
  preTls?: Capabilities;
}

export interface ComposerSlice {
  line: LineState;
  /** Raw mode: `\r` `\n` `\x00` escapes are sent as bytes, nothing is added. */
  raw: boolean;
  /** Position while browsing history (0 = newest); undefined when editing a fresh line. */
  historyIndex?: number;
  /** The line being typed before history browsing started, restored when browsing past the newest. */
  stash: string;
  /** Lines typed ahead, waiting for the reply to what was sent before them. */
  queued: number;
}

export interface StatusSlice {
  target: string;
  phase: Phase;
  connected: boolean;
  tls: boolean;
  inData: boolean;
  inAuth: boolean;
  waiting?: Waiting;
  /** Updated by the session's clock while a reply is awaited, so countdowns move without timers in components. */
  now: number;
  notice?: Notice;
  /** After a positive reply: what usually comes next, for people learning SMTP (only when hints are on). */
  nextStep?: string;
  /** Messages in the built-in server's mailbox, while connected to it. */
  mailbox?: number;
  /** TLS is to start on this connection: after a 220 to STARTTLS, or from the first byte. */
  tlsStarting?: 'starttls' | 'implicit';
  /** The code of the last reply to STARTTLS that was not 220: the server refused it. */
  startTlsRefused?: number;
  /** The first error that befell this connection, in the session's words: why it ended. */
  failure?: string;
}

export interface ViewSlice {
  focus: Focus;
  /** Follow the tail; when false, `anchor` is the sequence number of the bottom visible entry. */
  follow: boolean;
  anchor: number;
  selected?: number;
  timestamps: boolean;
  tlsScroll: number;
  /** Text areas of the panes, set by the layout, used by the scroll actions. */
  transcriptRows: number;
  transcriptWidth: number;
  tlsRows: number;
  tlsWidth: number;
  /** The scenario's lesson note is shown (F3, /lesson). */
  lesson: boolean;
  lessonScroll: number;
  /** Text area of the lesson note, 0 when it is not on screen. */
  lessonRows: number;
  lessonWidth: number;
  /** Text area of the reading overlays (help, explanations, the mailbox). */
  overlayRows: number;
  overlayWidth: number;
}

export type Overlay =
  | { kind: 'none' }
  | { kind: 'help'; scroll: number }
  | { kind: 'templates'; filter: LineState; index: number }
  | { kind: 'search'; query: LineState; index: number }
  | { kind: 'prompt'; label: string; secret: boolean; line: LineState }
  /** `yes`: what answering y does, for the line under the question (default: send it). */
  | { kind: 'confirm'; question: string; yes?: string }
  /** Lines to read (an explanation, the mailbox): safe text, wrapped to the overlay's width when shown. */
  | { kind: 'text'; title: string; lines: readonly string[]; scroll: number };

export interface SessionState {
  transcript: TranscriptSlice;
  tls: TlsSlice;
  caps: CapsSlice;
  composer: ComposerSlice;
  status: StatusSlice;
  view: ViewSlice;
  overlay: Overlay;
  /** Template variables: helo, from, to, user, and whatever `/set` adds. */
  vars: Record<string, string>;
}

export type SessionStore = StoreApi<SessionState>;

export const TRANSCRIPT_CAPACITY = 100_000;
export const TRANSCRIPT_MAX_BYTES = 64 * 1024 * 1024;

function entryWeight(entry: SessionEntry): number {
  return entry.text.length * 2 + (entry.raw?.length ?? 0) + 100;
}

export interface StoreInit {
  target: string;
  vars?: Record<string, string>;
  capacity?: number;
  /** Show the lesson note from the start (a scenario was named). */
  lesson?: boolean;
}

export const EMPTY_LINE: LineState = { text: '', cursor: 0 };

export function createSessionStore(init: StoreInit): SessionStore {
  return createStore<SessionState>()(() => ({
    transcript: { ring: new Ring<SessionEntry>(init.capacity ?? TRANSCRIPT_CAPACITY, TRANSCRIPT_MAX_BYTES, entryWeight), revision: 0 },
    tls: {},
    caps: {},
    composer: { line: EMPTY_LINE, raw: false, stash: '', queued: 0 },
    status: { target: init.target, phase: 'connecting', connected: false, tls: false, inData: false, inAuth: false, now: Date.now() },
    view: { focus: 'input', follow: true, anchor: 0, timestamps: false, tlsScroll: 0, transcriptRows: 20, transcriptWidth: 80, tlsRows: 8, tlsWidth: 40, lesson: init.lesson === true, lessonScroll: 0, lessonRows: 0, lessonWidth: 40, overlayRows: 20, overlayWidth: 80 },
    overlay: { kind: 'none' },
    vars: { ...init.vars },
  }));
}

/** The view back at the newest lines, the selection dropped: where the answer to what was just entered shows. */
export function following(view: ViewSlice): ViewSlice {
  const { selected: _dropped, ...rest } = view;
  return { ...rest, follow: true };
}

export function followTail(store: SessionStore): void {
  store.setState((state) => ({ view: following(state.view) }));
}

export function clearTranscript(store: SessionStore): void {
  const { transcript, view } = store.getState();
  transcript.ring.clear();
  store.setState({ transcript: { ring: transcript.ring, revision: transcript.revision + 1 }, view: following(view) });
}

/**
 * Lines of the session's own, on screen and in exports like the rest: `===` such as a TLS probe's results, or
 * `***` for a failure of its own, such as a built-in server that did not start.
 */
export function appendInfo(store: SessionStore, texts: readonly string[], kind: 'info' | 'error' = 'info'): void {
  const at = Date.now();
  const mark = kind === 'info' ? '===' : '***';
  appendEntries(store, texts.map((text) => ({ at, mark, kind, text, tls: false })));
}

export function appendEntries(store: SessionStore, entries: readonly TranscriptEntry[]): void {
  const { transcript } = store.getState();
  for (const entry of entries) transcript.ring.push(entry);
  store.setState({ transcript: { ring: transcript.ring, revision: transcript.revision + 1 } });
}

export function setNotice(store: SessionStore, text: string, tone: Notice['tone'] = 'info'): void {
  store.setState((state) => ({ status: { ...state.status, notice: { text, tone } } }));
}

export function clearNotice(store: SessionStore): void {
  const { status } = store.getState();
  if (!status.notice) return;
  const { notice: _cleared, ...rest } = status;
  store.setState({ status: rest });
}

export function setOverlay(store: SessionStore, overlay: Overlay): void {
  store.setState({ overlay });
}
