/** Bytes that attack a terminal, each with the escaped form the transcript must show instead. */

export interface Payload {
  name: string;
  bytes: Buffer;
  shown: string;
}

const payload = (name: string, bytes: string | Buffer, shown: string): Payload => ({
  name,
  bytes: typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes,
  shown,
});

export const PAYLOADS: readonly Payload[] = [
  payload('CSI clear screen', 'a\x1b[2Jb', 'a\\x1b[2Jb'),
  payload('CSI cursor moves', '\x1b[H\x1b[5A\x1b[10;1H', '\\x1b[H\\x1b[5A\\x1b[10;1H'),
  payload('OSC 0 title (BEL)', '\x1b]0;pwned\x07', '\\x1b]0;pwned\\x07'),
  payload('OSC 2 title (ST)', '\x1b]2;pwned\x1b\\', '\\x1b]2;pwned\\x1b\\'),
  payload('OSC 52 clipboard', '\x1b]52;c;cm0gLXJmIH4K\x07', '\\x1b]52;c;cm0gLXJmIH4K\\x07'),
  payload('OSC 8 link', '\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\', '\\x1b]8;;https://evil.example/\\x1b\\click\\x1b]8;;\\x1b\\'),
  payload('device attributes query', '\x1b[c', '\\x1b[c'),
  payload('cursor position query', '\x1b[6n', '\\x1b[6n'),
  payload('window title query', '\x1b[21t', '\\x1b[21t'),
  payload('C1 CSI as UTF-8', '\u009b2J', '<U+009B>2J'),
  payload('C1 CSI as a raw byte', Buffer.from([0x9b, 0x32, 0x4a]), '\\x9b2J'),
  payload('bare CR overwrite', '550 denied\r250 ok', '550 denied\\r250 ok'),
  payload('backspace overwrite', 'denied\x08\x08\x08\x08\x08\x08granted', 'denied\\x08\\x08\\x08\\x08\\x08\\x08granted'),
  payload('DEL', 'a\x7fb', 'a\\x7fb'),
  payload('bidi embeddings and override', '\u202a\u202b\u202c\u202d\u202e', '<U+202A><U+202B><U+202C><U+202D><U+202E>'),
  payload('bidi isolates', '\u2066\u2067\u2068\u2069', '<U+2066><U+2067><U+2068><U+2069>'),
];
