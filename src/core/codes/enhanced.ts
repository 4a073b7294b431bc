/** One registered `subject.detail` pair of an enhanced status code, its class left open. */
export interface StatusDetail {
  /** The IANA registry name. */
  readonly title: string;
  /** Plain words that read after "Temporary failure:" or "Permanent failure:". */
  readonly meaning: string;
  /** The words after "Success:", for the details servers also send with 2xx. */
  readonly success?: string;
  /** What to do on failure. */
  readonly hint?: string;
  readonly source: string;
}

export interface StatusClass {
  readonly word: string;
  readonly lead: string;
}

// RFC 3463 §3.1–§3.8 cover subjects 0–7 in order.
const rfc3463 = (subject: number): string => `RFC 3463 §3.${subject + 1}`;

export const STATUS_CLASSES: ReadonlyMap<number, StatusClass> = new Map([
  [2, { word: 'success', lead: 'Success:' }],
  [4, { word: 'temporary', lead: 'Temporary failure:' }],
  [5, { word: 'permanent', lead: 'Permanent failure:' }],
]);

export const STATUS_SUBJECTS: ReadonlyMap<number, { readonly title: string; readonly meaning: string }> = new Map([
  [0, { title: 'Other or undefined status', meaning: 'no subject was given' }],
  [1, { title: 'Addressing status', meaning: 'something about the sender or recipient address' }],
  [2, { title: 'Mailbox status', meaning: "something about the recipient's mailbox" }],
  [3, { title: 'Mail system status', meaning: 'something about the receiving mail system' }],
  [4, { title: 'Network and routing status', meaning: 'something about the network or routing' }],
  [5, { title: 'Mail delivery protocol status', meaning: 'something about the SMTP exchange itself' }],
  [6, { title: 'Message content or media status', meaning: 'something about the message content' }],
  [7, { title: 'Security or policy status', meaning: 'a security or policy matter' }],
]);

const FROM_RFC3463: ReadonlyArray<readonly [string, Omit<StatusDetail, 'source'>]> = [
  ['0.0', { title: 'Other undefined status', meaning: 'no further detail was given.', success: 'done; no further detail was given.' }],

  ['1.0', { title: 'Other address status', meaning: 'something about an address, without more detail.', success: 'the address was accepted.' }],
  ['1.1', { title: 'Bad destination mailbox address', meaning: 'the recipient mailbox (before the @) does not exist there.',
    hint: 'Check the spelling of the recipient address.' }],
  ['1.2', { title: 'Bad destination system address', meaning: "the recipient's domain (after the @) does not exist or takes no mail.",
    hint: 'Check the domain part of the address.' }],
  ['1.3', { title: 'Bad destination mailbox address syntax', meaning: 'the recipient address is malformed.', hint: 'Write it as <user@domain>.' }],
  ['1.4', { title: 'Destination mailbox address ambiguous', meaning: 'the recipient address matches more than one mailbox.',
    hint: 'Use the full, exact address.' }],
  ['1.5', { title: 'Destination address valid', meaning: 'the recipient address is valid.', success: 'the recipient address was accepted.' }],
  ['1.6', { title: 'Destination mailbox has moved, No forwarding address', meaning: 'the mailbox existed once but is gone, with no forwarding address.',
    hint: "Find the recipient's new address." }],
  ['1.7', { title: "Bad sender's mailbox address syntax", meaning: 'the sender address (MAIL FROM) is malformed.',
    hint: 'Write it as <user@domain>, or <> for a bounce.' }],
  ['1.8', { title: "Bad sender's system address", meaning: "the sender's domain does not exist or cannot receive replies.",
    hint: 'Use a sender domain that exists in DNS.' }],

  ['2.0', { title: 'Other or undefined mailbox status', meaning: 'the mailbox exists, but something about it stopped this.' }],
  ['2.1', { title: 'Mailbox disabled, not accepting messages', meaning: 'the mailbox exists but is disabled.' }],
  ['2.2', { title: 'Mailbox full', meaning: "the recipient's mailbox is over its quota.", hint: 'The recipient must make room; reach them another way.' }],
  ['2.3', { title: 'Message length exceeds administrative limit', meaning: 'the message is larger than this mailbox accepts.',
    hint: 'Send a smaller message.' }],
  ['2.4', { title: 'Mailing list expansion problem', meaning: 'the address is a mailing list that could not be expanded.' }],

  ['3.0', { title: 'Other or undefined mail system status', meaning: 'a problem in the receiving mail system, without more detail.' }],
  ['3.1', { title: 'Mail system full', meaning: 'the receiving system is out of storage.' }],
  ['3.2', { title: 'System not accepting network messages', meaning: 'the receiving system takes no mail now (load, shutdown or maintenance).' }],
  ['3.3', { title: 'System not capable of selected features', meaning: 'the message needs a feature the receiving system lacks.' }],
  ['3.4', { title: 'Message too big for system', meaning: 'the message is larger than the system allows.',
    hint: 'Send a smaller message (SIZE in the EHLO reply gives the limit).' }],
  ['3.5', { title: 'System incorrectly configured', meaning: 'the receiving system is misconfigured for this message.',
    hint: "Only the server's admin can fix this." }],

  ['4.0', { title: 'Other or undefined network or routing status', meaning: 'a network or routing problem, without more detail.' }],
  ['4.1', { title: 'No answer from host', meaning: 'the next mail server did not answer.' }],
  ['4.2', { title: 'Bad connection', meaning: 'the connection was made but broke or stalled during the transaction.' }],
  ['4.3', { title: 'Directory server failure', meaning: 'a lookup service, usually DNS, failed.' }],
  ['4.4', { title: 'Unable to route', meaning: 'no route to the destination was found (no usable MX or address record).' }],
  ['4.5', { title: 'Mail system congestion', meaning: 'the mail system is too busy.' }],
  ['4.6', { title: 'Routing loop detected', meaning: 'the message went round in a loop between servers.' }],
  ['4.7', { title: 'Delivery time expired', meaning: 'the message waited in the queue too long and delivery was given up.' }],

  ['5.0', { title: 'Other or undefined protocol status', meaning: 'an SMTP protocol problem, without more detail.' }],
  ['5.1', { title: 'Invalid command', meaning: 'the command is not valid at this point, or not supported.' }],
  ['5.2', { title: 'Syntax error', meaning: 'the command could not be parsed.' }],
  ['5.3', { title: 'Too many recipients', meaning: 'more recipients than the server takes in one transaction.',
    hint: 'Send the rest in another transaction.' }],
  ['5.4', { title: 'Invalid command arguments', meaning: "the command's arguments are invalid or unsupported." }],
  ['5.5', { title: 'Wrong protocol version', meaning: 'the two sides disagree on the protocol version.' }],

  ['6.0', { title: 'Other or undefined media error', meaning: 'something about the message content, without more detail.',
    success: 'the message was accepted.' }],
  ['6.1', { title: 'Media not supported', meaning: 'the message uses a content type or encoding this path does not support.' }],
  ['6.2', { title: 'Conversion required and prohibited', meaning: 'the message needs converting to go on, but the sender forbade it.' }],
  ['6.3', { title: 'Conversion required but not supported', meaning: 'the message needs converting to go on, and that is not possible.' }],
  ['6.4', { title: 'Conversion with loss performed', meaning: 'converting the message lost some of its content.',
    success: 'delivered, but converting the message lost some of its content.' }],
  ['6.5', { title: 'Conversion Failed', meaning: 'a needed conversion of the message failed.' }],

  ['7.0', { title: 'Other or undefined security status', meaning: 'a security or policy matter, without more detail.',
    success: 'the security step (TLS or login) went through.' }],
  ['7.1', { title: 'Delivery not authorized, message refused', meaning: 'policy forbids this (relaying, a blocklist, or a rule about the sender or recipient).',
    hint: 'Log in first, or read the text for the rule that refused you.' }],
  ['7.2', { title: 'Mailing list expansion prohibited', meaning: 'you may not send to this mailing list.' }],
  ['7.3', { title: 'Security conversion required but not possible', meaning: 'the message needs a security conversion that is not possible.' }],
  ['7.4', { title: 'Security features not supported', meaning: 'the message asks for security features this path does not support.' }],
  ['7.5', { title: 'Cryptographic failure', meaning: 'a cryptographic check or decryption failed.' }],
  ['7.6', { title: 'Cryptographic algorithm not supported', meaning: 'a needed cryptographic algorithm is not supported.' }],
  ['7.7', { title: 'Message integrity failure', meaning: 'the message was changed or corrupted on the way.' }],
];

const STARTTLS_FIRST = 'Send STARTTLS and EHLO again, then AUTH.';
const DKIM_HINT = 'Sign outgoing mail with DKIM for the From domain.';

// Registered after RFC 3463 (IANA "SMTP Enhanced Status Codes"), with the RFC that added each.
const LATER: ReadonlyArray<readonly [string, StatusDetail]> = [
  ['1.9', { title: 'Message relayed to non-compliant mailer', meaning: 'the message went on to a system that cannot report delivery status.',
    success: 'relayed on to a system that cannot report delivery status.', source: 'RFC 3886' }],
  ['1.10', { title: 'Recipient address has null MX', meaning: "the recipient's domain publishes a null MX, so it accepts no mail.",
    source: 'RFC 7505' }],
  ['3.6', { title: 'Requested priority was changed', meaning: 'the message was taken, but at another priority than requested.',
    success: 'accepted, but at another priority than requested.', source: 'RFC 6710' }],
  ['5.6', { title: 'Authentication Exchange line is too long', meaning: 'an AUTH line was longer than the server accepts.',
    hint: 'Send the initial response on its own line after the 334 prompt.', source: 'RFC 4954' }],
  ['6.6', { title: 'Message content not available', meaning: 'content the message refers to (BURL) could not be fetched.', source: 'RFC 4468' }],
  ['6.7', { title: 'Non-ASCII addresses not permitted for that sender/recipient',
    meaning: 'an address contains non-ASCII characters, which are not allowed here.', source: 'RFC 6531' }],
  ['6.8', { title: 'UTF-8 string reply is required, but not permitted by the SMTP client',
    meaning: 'the reply would need UTF-8, but the client did not ask for SMTPUTF8.', source: 'RFC 6531' }],
  ['6.9', { title: 'UTF-8 header message cannot be transferred to one or more recipients',
    meaning: 'the message has UTF-8 headers that cannot go to some recipients.', source: 'RFC 6531' }],
  ['6.10', { title: 'UTF-8 string reply is required, but not permitted by the SMTP client',
    meaning: 'the reply would need UTF-8 the client did not allow (a deprecated duplicate of X.6.8).', source: 'RFC 6531' }],
  ['7.8', { title: 'Authentication credentials invalid', meaning: 'the username or password was wrong.',
    hint: 'Check user, password and their base64 encoding.', source: 'RFC 4954' }],
  ['7.9', { title: 'Authentication mechanism is too weak', meaning: 'the chosen AUTH mechanism is too weak for this server or user.',
    hint: 'Choose a stronger mechanism from the AUTH line of the EHLO reply.', source: 'RFC 4954' }],
  ['7.10', { title: 'Encryption Needed', meaning: 'an encrypted connection (TLS) is needed for this kind of login.',
    hint: STARTTLS_FIRST, source: 'RFC 5248' }],
  ['7.11', { title: 'Encryption required for requested authentication mechanism', meaning: 'this AUTH mechanism may only be used over TLS.',
    hint: STARTTLS_FIRST, source: 'RFC 4954' }],
  ['7.12', { title: 'A password transition is needed',
    meaning: 'log in once with a plain-text mechanism so the server can update your stored password.',
    hint: 'Authenticate once with PLAIN over TLS.', source: 'RFC 4954' }],
  ['7.13', { title: 'User Account Disabled', meaning: 'the account is disabled.', source: 'RFC 5248' }],
  ['7.14', { title: 'Trust relationship required', meaning: 'the server takes this only from a system it has a trust relationship with.',
    source: 'RFC 5248' }],
  ['7.15', { title: 'Priority Level is too low', meaning: 'the requested message priority is too low for this server.', source: 'RFC 6710' }],
  ['7.16', { title: 'Message is too big for the specified priority', meaning: 'the message is too big for the priority it asked for.',
    source: 'RFC 6710' }],
  ['7.17', { title: 'Mailbox owner has changed', meaning: 'the mailbox has had a new owner since the date given (RRVS).', source: 'RFC 7293' }],
  ['7.18', { title: 'Domain owner has changed', meaning: 'the domain has had a new owner since the date given (RRVS).', source: 'RFC 7293' }],
  ['7.19', { title: 'RRVS test cannot be completed', meaning: 'the server cannot check whether the mailbox changed owner (RRVS).',
    source: 'RFC 7293' }],
  ['7.20', { title: 'No passing DKIM signature found', meaning: 'the message has no valid DKIM signature.', hint: DKIM_HINT, source: 'RFC 7372' }],
  ['7.21', { title: 'No acceptable DKIM signature found', meaning: 'the message has valid DKIM signatures, but none this server accepts.',
    hint: DKIM_HINT, source: 'RFC 7372' }],
  ['7.22', { title: 'No valid author-matched DKIM signature found', meaning: 'no valid DKIM signature matches the domain in From.',
    hint: DKIM_HINT, source: 'RFC 7372' }],
  ['7.23', { title: 'SPF validation failed', meaning: "the sender domain's SPF record does not allow your IP address.",
    hint: "Send through a server the sender domain's SPF record lists.", source: 'RFC 7372' }],
  ['7.24', { title: 'SPF validation error', meaning: 'checking SPF failed with an error (a broken SPF record or DNS trouble).',
    hint: "Check the sender domain's SPF record.", source: 'RFC 7372' }],
  ['7.25', { title: 'Reverse DNS validation failed', meaning: 'your IP address has no reverse DNS name that maps back to it.',
    hint: 'Give the sending IP a PTR record whose name resolves back to it.', source: 'RFC 7372' }],
  ['7.26', { title: 'Multiple authentication checks failed', meaning: 'the message failed several checks (SPF, DKIM, DMARC).',
    hint: 'Fix SPF and DKIM so that DMARC passes for the From domain.', source: 'RFC 7372' }],
  ['7.27', { title: 'Sender address has null MX', meaning: "the sender's domain publishes a null MX, so it could not take replies.",
    hint: 'Use a sender domain that accepts mail.', source: 'RFC 7505' }],
  ['7.28', { title: 'Mail flood detected', meaning: 'the server sees a flood of similar messages and refused this one.',
    hint: 'Send less, more slowly.', source: 'IANA registry' }],
  ['7.29', { title: 'ARC validation failure', meaning: "the message's ARC chain (authentication kept across forwarding) did not validate.",
    source: 'RFC 8617' }],
  ['7.30', { title: 'REQUIRETLS support required', meaning: 'the message demands REQUIRETLS, which the next hop does not support.',
    source: 'RFC 8689' }],
];

/** Keyed by `subject.detail` without leading zeros, e.g. `'7.1'`. */
export const STATUS_DETAILS: ReadonlyMap<string, StatusDetail> = new Map<string, StatusDetail>([
  ...FROM_RFC3463.map(([key, info]): [string, StatusDetail] => [key, { ...info, source: rfc3463(Number(key.split('.')[0])) }]),
  ...LATER,
]);
