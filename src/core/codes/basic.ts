/** What one basic reply code means, in words a workshop audience reads in one or two lines. */
export interface CodeInfo {
  readonly title: string;
  readonly meaning: string;
  /** What to do next, when there is something useful to say. */
  readonly hint?: string;
  readonly source: string;
}

const RFC5321 = 'RFC 5321 §4.2.3';
const RFC4954 = 'RFC 4954 §6';

// The codes of RFC 5321 §4.2.2/§4.2.3, plus those AUTH (RFC 4954), STARTTLS (RFC 3207) and
// RFC 7504 add. Where one code serves several commands, the meaning names each use.
export const BASIC_CODES: ReadonlyMap<number, CodeInfo> = new Map<number, CodeInfo>([
  [211, { title: 'System status', meaning: 'A status or help reply from the server.', source: RFC5321 }],
  [214, { title: 'Help message', meaning: 'Help text meant for a human, usually the answer to HELP.', source: RFC5321 }],
  [220, {
    title: 'Service ready',
    meaning: 'The server is ready: as the greeting it opens the session; after STARTTLS it means "start the TLS handshake now".',
    hint: 'After the greeting send EHLO; after STARTTLS do the handshake, then send EHLO again.',
    source: `${RFC5321}; RFC 3207 §4`,
  }],
  [221, { title: 'Closing connection', meaning: 'The server says goodbye and closes the connection, usually in answer to QUIT.', source: RFC5321 }],
  [235, { title: 'Authentication succeeded', meaning: 'Your AUTH login worked; you now send mail as that user.', source: RFC4954 }],
  [250, { title: 'OK', meaning: 'The command was done.', source: RFC5321 }],
  [251, {
    title: 'User not local; will forward',
    meaning: 'The recipient is not on this server, but the server will forward the message to the address it names.',
    source: RFC5321,
  }],
  [252, {
    title: 'Cannot verify user',
    meaning: 'The server will not confirm whether the address exists (VRFY), but it accepts mail for it and will try.',
    source: RFC5321,
  }],
  [334, {
    title: 'Server challenge',
    meaning: 'AUTH goes on: the server waits for your next base64 line (its prompt is base64 too, e.g. VXNlcm5hbWU6 is "Username:").',
    hint: 'Send the base64 answer, or a line with only * to cancel.',
    source: 'RFC 4954 §4',
  }],
  [354, {
    title: 'Start mail input',
    meaning: 'Send the message now: headers, a blank line, the body, then a line with only a dot.',
    hint: 'End with <CRLF>.<CRLF>; a line that starts with a dot needs a second dot.',
    source: RFC5321,
  }],
  [421, {
    title: 'Service not available, closing',
    meaning: 'The server is closing the connection (overload, shutdown, timeout or policy); it may send this in answer to any command.',
    hint: 'Reconnect later.',
    source: RFC5321,
  }],
  [432, {
    title: 'Password transition needed',
    meaning: 'You must log in once with a plain-text mechanism (PLAIN over TLS) so the server can update how it stores your password.',
    hint: 'Authenticate once with PLAIN over TLS, then use the mechanism you wanted.',
    source: RFC4954,
  }],
  [450, {
    title: 'Mailbox unavailable (temporary)',
    meaning: 'The mailbox cannot take it right now: busy, or held back by a policy such as greylisting.',
    hint: 'Try again later.',
    source: RFC5321,
  }],
  [451, {
    title: 'Local error in processing',
    meaning: 'The server hit a problem of its own and aborted the action.',
    hint: "Try again later; if it persists, the server's log says why.",
    source: RFC5321,
  }],
  [452, {
    title: 'Insufficient system storage',
    meaning: 'The server lacks room right now: disk space, or too many recipients in this transaction.',
    hint: 'Retry later, or send the remaining recipients in a new transaction.',
    source: RFC5321,
  }],
  [454, {
    title: 'TLS or AUTH temporarily unavailable',
    meaning: 'A temporary problem on the server stopped TLS (STARTTLS) or login (AUTH) from starting; nothing was done.',
    hint: "Try again later; the server's admin must look at its log.",
    source: `RFC 3207 §4; ${RFC4954}`,
  }],
  [455, {
    title: 'Cannot accommodate parameters',
    meaning: 'The server cannot handle the parameters given to MAIL FROM or RCPT TO right now.',
    hint: 'Retry later, or without the extra parameters.',
    source: RFC5321,
  }],
  [500, {
    title: 'Command unrecognised',
    meaning: 'The server did not understand the command: misspelt, unknown, or the line was too long.',
    hint: 'Check the spelling; the EHLO reply lists the extensions the server knows.',
    source: RFC5321,
  }],
  [501, {
    title: 'Syntax error in arguments',
    meaning: 'The command is known but its arguments are wrong, e.g. an address without <>, a parameter to STARTTLS, or bad base64 in AUTH.',
    hint: 'Check the argument syntax, e.g. MAIL FROM:<you@example.org>.',
    source: `${RFC5321}; RFC 3207 §4; RFC 4954 §4`,
  }],
  [502, {
    title: 'Command not implemented',
    meaning: 'The server knows the command but does not offer it (many turn off VRFY and EXPN).',
    source: RFC5321,
  }],
  [503, {
    title: 'Bad sequence of commands',
    meaning: 'The command came at the wrong moment, e.g. RCPT before MAIL, DATA before RCPT, or AUTH when it was not offered.',
    hint: 'Follow the order EHLO, [STARTTLS, EHLO], [AUTH], MAIL FROM, RCPT TO, DATA.',
    source: RFC5321,
  }],
  [504, {
    title: 'Parameter not implemented',
    meaning: 'The server does not support this parameter of the command, e.g. an AUTH mechanism it does not offer.',
    hint: 'Use a value the EHLO reply lists.',
    source: `${RFC5321}; RFC 4954 §4`,
  }],
  [521, {
    title: 'Host does not accept mail',
    meaning: 'This host never accepts mail; it is not a mail server for anyone.',
    hint: "Use the domain's real MX; retrying here will not help.",
    source: 'RFC 7504',
  }],
  [530, {
    title: 'STARTTLS or login required',
    meaning: 'The server wants STARTTLS before this command (some servers also send 530 when you must log in with AUTH first).',
    hint: 'Send STARTTLS, then EHLO again, then retry; if already in TLS, log in with AUTH.',
    source: `RFC 3207 §4; ${RFC4954}`,
  }],
  [534, {
    title: 'Authentication mechanism too weak',
    meaning: 'The server refuses this AUTH mechanism as too weak for this user.',
    hint: 'Choose a stronger mechanism from the AUTH line of the EHLO reply.',
    source: RFC4954,
  }],
  [535, {
    title: 'Authentication credentials invalid',
    meaning: 'The server rejected the username or password, or the way they were encoded.',
    hint: 'Check user, password and base64; for PLAIN encode "\\0user\\0password".',
    source: RFC4954,
  }],
  [538, {
    title: 'Encryption required for mechanism',
    meaning: 'This AUTH mechanism is only allowed on an encrypted connection.',
    hint: 'Send STARTTLS and EHLO again, then AUTH.',
    source: RFC4954,
  }],
  [550, {
    title: 'Mailbox unavailable / refused',
    meaning: 'The server refused for good: the mailbox does not exist, or a policy forbids this (relaying, blocklist, spam).',
    hint: 'The text and the enhanced code say which.',
    source: RFC5321,
  }],
  [551, {
    title: 'User not local; please try elsewhere',
    meaning: 'The recipient is not on this server; it names another address to use but will not forward.',
    hint: 'Send to the address the server gives.',
    source: RFC5321,
  }],
  [552, {
    title: 'Exceeded storage allocation',
    meaning: "Too much: the message is larger than allowed, or the recipient's mailbox is over quota.",
    hint: 'Send a smaller message (SIZE in the EHLO reply gives the limit).',
    source: RFC5321,
  }],
  [553, {
    title: 'Mailbox name not allowed',
    meaning: 'The address is not acceptable: bad syntax, or you may not use this sender address.',
    hint: 'Check the <address> syntax; once logged in, send as an address your account owns.',
    source: RFC5321,
  }],
  [554, {
    title: 'Transaction failed',
    meaning: 'The transaction failed for a reason the code does not say; as the greeting it means "no SMTP service here".',
    hint: "Read the text; the server's log has the reason.",
    source: RFC5321,
  }],
  [555, {
    title: 'MAIL/RCPT parameters not recognised',
    meaning: 'The server does not know a parameter added to MAIL FROM or RCPT TO (e.g. SIZE=, BODY=, SMTPUTF8).',
    hint: 'Leave out parameters the EHLO reply does not advertise.',
    source: RFC5321,
  }],
  [556, {
    title: 'Domain does not accept mail',
    meaning: "The recipient's domain accepts no mail at all (e.g. it publishes a null MX).",
    hint: 'Do not retry; this address cannot receive mail.',
    source: 'RFC 7504',
  }],
]);
