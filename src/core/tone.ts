/** The meaning of a transcript entry for colouring; the terminal UI and script mode map tones to colours. */
import { replyClass } from './reply.js';
import type { TranscriptEntry } from './transcript.js';

export type Tone = 'sent' | 'positive' | 'intermediate' | 'transient' | 'permanent' | 'info' | 'problem' | 'unsolicited';

export function entryTone(entry: TranscriptEntry): Tone {
  switch (entry.kind) {
    case 'sent':
      return 'sent';
    case 'info':
      return 'info';
    case 'error':
    case 'violation':
      return 'problem';
    case 'unsolicited':
      return 'unsolicited';
    case 'received': {
      const klass = entry.code === undefined ? undefined : replyClass(entry.code);
      if (klass === 2) return 'positive';
      if (klass === 3) return 'intermediate';
      if (klass === 4) return 'transient';
      return 'permanent';
    }
  }
}
