// What the mailbox holds, as safe one-line text: serve's log line, the explorer's /mailbox list. Sender,
// recipients and message bytes come from clients, so everything passes through `printable`.
import { printable } from '../core/printable.js';
import type { ReceivedMessage } from './mailbox.js';

const PREVIEW_LINES = 20;

/** `message 3 from <a@x> to <b@y>, <c@z> (220 bytes; 10.0.0.7, TLSv1.3, as student)` */
export function messageSummary(message: ReceivedMessage): string {
  const to = message.to.map((address) => `<${printable(address)}>`).join(', ');
  const via = [message.remoteAddress, message.tls ? message.tls.protocol : 'plaintext', ...(message.user ? [`as ${message.user}`] : [])];
  return `message ${message.seq} from <${printable(message.from)}> to ${to} (${message.size} bytes; ${via.map(printable).join(', ')})`;
}

/** The first lines of the message as received (headers first), escaped; a last line says what was left out. */
export function messagePreview(message: ReceivedMessage, maxLines = PREVIEW_LINES): string[] {
  const lines = splitCrlf(message.raw);
  const shown = lines.slice(0, maxLines).map((line) => printable(line));
  const hidden = lines.length - shown.length;
  const cut = message.truncated ? `only the first ${message.raw.length} of ${message.size} bytes were kept` : '';
  const more = hidden > 0 ? `${hidden} more line${hidden === 1 ? '' : 's'}` : '';
  return more || cut ? [...shown, `… ${[more, cut].filter(Boolean).join('; ')}`] : shown;
}

/** Lines of the raw bytes, split at CRLF and decoded one by one, so invalid UTF-8 stays visible as `\xNN`. */
function splitCrlf(raw: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let end = raw.indexOf('\r\n'); end >= 0; end = raw.indexOf('\r\n', start)) {
    lines.push(raw.subarray(start, end));
    start = end + 2;
  }
  if (start < raw.length) lines.push(raw.subarray(start));
  return lines;
}
