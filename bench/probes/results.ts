/** What the probes print, one JSON line each, and the runner reads. */

/** One key's frame: milliseconds on the clock from the key to the frame, and of CPU the process spent meanwhile. */
export interface KeyCost {
  wall: number;
  cpu: number;
}

export interface KeysResult {
  /** Entries in the transcript. */
  lines: number;
  typing: KeyCost[];
  scroll: KeyCost[];
}

export interface FloodResult {
  /** From the first flood line on screen to the last. */
  ms: number;
  /** From the paste of FLOOD commands to the last flood line on screen: one second at the server. */
  fromPasteMs: number;
  frames: number;
  fps: number;
  /** Milliseconds from each key typed during the flood to the frame that showed it. */
  latencies: number[];
}

export interface SoakPhase {
  /** Live bytes (heap and Buffers after full collections) before and after. */
  before: number;
  after: number;
  /** Live bytes after each tenth of the phase. */
  samples: number[];
  /** Transcript entries at the end of the phase. */
  entries: number;
  ms: number;
}

export interface SoakResult {
  replies: number;
  capacity: number;
  fresh: SoakPhase;
  full: SoakPhase;
}

export interface SendFileResult {
  /** From the Enter on `/send-file FILE` to the 250, as the transcript stamped it. */
  bodyMs: number;
  /** The transcript's line for the body. */
  summary: string;
  /** Text and raw bytes the transcript holds at the end. */
  transcriptBytes: number;
  maxRssBytes: number;
}
