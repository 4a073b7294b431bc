// A scenario is the workshop server set up to show one thing, with the lesson that goes with it.
// Only types here and in the scenario files, so listing scenarios loads neither smtp-server nor
// the certificate code; `start.ts` builds and starts them.
import type { BuiltinServerOptions } from '../builtin.js';
import type { CertificateOptions } from '../certs.js';

export interface Lesson {
  /** What the scenario shows, in a sentence or two. */
  demonstrates: string;
  /** What to type or run, in order. */
  try: readonly string[];
  /** What to notice in the transcript and the TLS pane. */
  lookFor: readonly string[];
}

export interface ScenarioSettings {
  /** How long the slow scenario holds each reply; tests make it short. */
  delayMs?: number;
}

/** How to build the server: the smtp-server based one with these options, or the naive one for smuggling. */
export type ServerSpec =
  | {
      engine: 'smtp-server';
      options: Omit<BuiltinServerOptions, 'port' | 'host' | 'certificate'>;
      /** A fresh certificate made with these options; the default self-signed one when absent. */
      certificate?: CertificateOptions;
    }
  | { engine: 'naive' };

export interface Scenario {
  name: string;
  /** One line, for --list-scenarios. */
  summary: string;
  lesson: Lesson;
  /** Called once per start, so state such as the greylist is never shared between servers. */
  server(settings: ScenarioSettings): ServerSpec;
}
