/** What the session had established when the reply came; the advice for a refusal depends on it. */
export interface ReplyContext {
  tls?: boolean;
  authenticated?: boolean;
}

/** A wording real servers use, and what it actually means. */
export interface Phrase {
  readonly codes: readonly number[];
  /** Case-insensitive and without the g flag, so `test` keeps no state between calls. */
  readonly pattern: RegExp;
  readonly meaning: string;
  readonly hint?: string | ((context: ReplyContext) => string);
}

/** AUTH offered only over TLS is the usual setup; once TLS is up, only the EHLO the server now wants is missing. */
const STARTTLS_AGAIN = ({ tls }: ReplyContext): string =>
  tls
    ? 'TLS is already on, and STARTTLS made the server forget the first EHLO (RFC 3207 §4.2): send EHLO again; if its reply still has no AUTH, the server offers no login to you here.'
    : 'Send STARTTLS and EHLO again; AUTH must then appear in the new EHLO reply.';

// First match wins: specific wordings come before the general ones they contain
// (greylisting and "user unknown" are both phrased as "Recipient address rejected: …" by Postfix).
export const PHRASES: readonly Phrase[] = [
  {
    codes: [421],
    pattern: /lost input connection/i,
    meaning: 'Exim lost your side of the connection. Classic cause: openssl s_client renegotiates ("RENEGOTIATING") on a line starting with R, like RCPT TO, instead of sending it.',
    hint: 'In s_client type "rcpt to:" in lower case or start it with -nocommands, -quiet or -ign_eof; this tool sends lines as typed.',
  },
  {
    codes: [421, 450, 451],
    pattern: /too many (concurrent |simultaneous )?(smtp )?(connections|sessions)|connection (rate|count) limit/i,
    meaning: 'The server limits how many connections it takes at once (from your address or in all) and turned this one away.',
    hint: 'Close your other sessions to this server and reconnect in a while.',
  },
  {
    codes: [421],
    pattern: /timeout|timed out/i,
    meaning: 'The server waited too long for your next command and is hanging up.',
    hint: 'Reconnect; servers wait only a few minutes (Postfix and Exim: 5) between commands.',
  },
  {
    codes: [421, 530],
    pattern: /must issue a starttls|starttls (is )?required|tls (is )?required|encryption required/i,
    meaning: 'The server refuses this on an unencrypted connection: it wants STARTTLS first.',
    hint: 'Send STARTTLS, wait for 220, send EHLO again, then retry (after a 421, reconnect first).',
  },
  {
    codes: [530],
    pattern: /authentication required|not authenticated|must authenticate/i,
    meaning: 'The server wants you to log in with AUTH before sending mail.',
    hint: 'Log in (after STARTTLS) with a mechanism from the AUTH line of the EHLO reply.',
  },
  {
    codes: [535],
    pattern: /authentication failed|incorrect authentication data|credentials invalid|invalid credentials|username and password not accepted|authentication unsuccessful/i,
    meaning: 'The login was refused: wrong username or password, or a wrongly encoded AUTH exchange.',
    hint: 'Check user and password; AUTH PLAIN wants base64 of "\\0user\\0password", LOGIN each on its own line.',
  },
  {
    codes: [550, 551, 553, 554],
    pattern: /relay access denied|relaying denied|relay(ing)? not permitted|unable to relay|relaying (is )?not allowed|not allowed to relay|we do not relay/i,
    meaning: 'The server will not relay: it takes mail only for its own domains, unless you log in or come from a trusted network.',
    hint: ({ authenticated }) =>
      authenticated
        ? 'You are logged in, yet this login may not relay: the server\'s rules do not let authenticated users relay (Exim: an "accept authenticated = *" in the RCPT ACL; Postfix: permit_sasl_authenticated in smtpd_relay_restrictions), or the login was not the account you meant.'
        : 'Log in first (port 587, STARTTLS, AUTH), or send to a domain this server handles.',
  },
  {
    codes: [451],
    pattern: /temporary local problem/i,
    meaning: 'Exim hit a problem of its own (a failed lookup, database or spool) and deferred; its main log says which.',
    hint: 'Try again later; the admin should read the Exim main log.',
  },
  {
    codes: [450, 451],
    pattern: /greylist|try (again )?later/i,
    meaning: 'Greylisting, most likely: the server turns away an unknown sender once and accepts it when a real mail server retries.',
    hint: 'Send the same MAIL FROM and RCPT TO again after a few minutes (typically 1-15).',
  },
  {
    codes: [450, 550, 554],
    pattern: /blocked using|listed (at|in|on) |blacklist|blocklist|spamhaus|\brbl\b/i,
    meaning: 'Your IP address is on a DNS blocklist this server checks.',
    hint: "Look your IP up on the list named; meanwhile send through your provider's submission server.",
  },
  {
    codes: [450, 550, 554],
    pattern: /cannot find your (reverse )?hostname/i,
    meaning: 'Your IP address has no reverse DNS name that resolves back to it, and this server refuses such clients.',
    hint: 'Connect from an address with proper reverse DNS, or through your provider\'s mail server.',
  },
  {
    codes: [450, 550, 554],
    pattern: /client host rejected/i,
    meaning: 'The server refuses your IP address itself (an access rule), not this particular message.',
    hint: "Connect from an allowed network, or ask the server's admin.",
  },
  {
    codes: [450, 550, 553],
    pattern: /sender address rejected: domain not found/i,
    meaning: 'The server looked up the domain of your MAIL FROM address in DNS and found nothing.',
    hint: 'Use a sender address whose domain exists.',
  },
  {
    codes: [450, 550, 553, 554],
    pattern: /user unknown|unknown user|no such user|does not exist|unrouteable address|recipient not found|mailbox not found|(invalid|unknown) recipient/i,
    meaning: 'The recipient address does not exist on that server.',
    hint: 'Check the spelling of the address; the mailbox may have been removed.',
  },
  {
    codes: [450, 550, 553, 554],
    pattern: /recipient address rejected/i,
    meaning: 'A rule about this recipient refused it; the words after the colon name the rule ("Access denied": an access table lists it).',
  },
  {
    codes: [503],
    pattern: /auth command used when not advertised/i,
    meaning: 'The server did not offer AUTH in its EHLO reply, so refuses it (these are Exim\'s words); many setups offer AUTH only after STARTTLS (Exim: auth_advertise_hosts).',
    hint: STARTTLS_AGAIN,
  },
  {
    codes: [503],
    pattern: /authentication not enabled/i,
    meaning: 'Postfix offers no AUTH here: SASL is off (smtpd_sasl_auth_enable) or allowed only over TLS (smtpd_tls_auth_only).',
    hint: STARTTLS_AGAIN,
  },
  {
    codes: [503],
    pattern: /already authenticated/i,
    meaning: 'You are already logged in; AUTH works once per session.',
  },
  {
    codes: [454, 503, 554],
    pattern: /tls already active|already (running|using|under) tls/i,
    meaning: 'TLS is already on; STARTTLS may be used only once per connection (RFC 3207).',
  },
  {
    codes: [503],
    pattern: /need (mail|rcpt) command|nested mail command|sender already given|must precede/i,
    meaning: 'Commands came out of order: a transaction is MAIL FROM, then one or more RCPT TO, then DATA.',
    hint: 'RSET clears a half-done transaction; then start again with MAIL FROM.',
  },
  {
    codes: [554],
    pattern: /no valid recipients/i,
    meaning: 'DATA was refused because no RCPT TO was accepted earlier in this transaction.',
    hint: 'Get a 250 for at least one RCPT TO before DATA.',
  },
  {
    codes: [554],
    pattern: /synchroni[sz]ation error/i,
    meaning: 'Exim saw you send before it had answered (typing ahead without PIPELINING, or before the greeting) and hung up.',
    hint: 'Wait for each reply, and for the 220 greeting, before sending the next line.',
  },
  {
    codes: [554],
    pattern: /no smtp service/i,
    meaning: 'The server will not talk to you at all, usually because of your IP address.',
  },
  {
    codes: [554],
    pattern: /transaction failed/i,
    meaning: "A catch-all refusal, often of the message after DATA by a content or spam filter; the server's log has the reason.",
    hint: "Look for more lines in the reply; otherwise ask the server's admin.",
  },
  {
    codes: [450, 452, 550, 552],
    pattern: /mailbox (is )?full|over quota|quota exceeded|exceeded (the |their |its )?(storage )?quota/i,
    meaning: "The recipient's mailbox is over its storage quota.",
    hint: 'Reach the recipient another way; retrying helps only once they make room.',
  },
  {
    codes: [452, 552],
    pattern: /too many recipients/i,
    meaning: 'This transaction has more recipients than the server takes at once.',
    hint: 'Send to the rest in another transaction.',
  },
  {
    codes: [552, 554],
    pattern: /message size exceeds|size limit|too (big|large)|exceeds (the )?(maximum|fixed)/i,
    meaning: 'The message is bigger than the server allows.',
    hint: 'SIZE in the EHLO reply gives the limit; send a smaller message.',
  },
  {
    codes: [454],
    pattern: /tls not available/i,
    meaning: 'The server could not start TLS: it is not set up for it here, or, when it offers STARTTLS, its certificate or key file is usually missing or unreadable.',
    hint: "Only the server's admin can fix it (the mail log says what failed); going on without TLS is unencrypted.",
  },
  {
    codes: [454],
    pattern: /temporary authentication failure/i,
    meaning: 'The login back end (e.g. Dovecot for Postfix) could not be asked; your password was not judged.',
    hint: 'Try again later.',
  },
  {
    codes: [501],
    pattern: /syntax: (helo|ehlo)|syntactically invalid (helo|ehlo)|(helo|ehlo) requires/i,
    meaning: 'HELO and EHLO take one argument, your host name or an IP address in brackets, and it was missing or not a valid name (Exim refuses e.g. "_" or "/" in it).',
    hint: 'Type e.g. "EHLO client.example.org" or "EHLO [192.0.2.1]".',
  },
  {
    codes: [450, 504, 550],
    pattern: /helo command rejected/i,
    meaning: 'The server checked the name you gave in HELO/EHLO and refused it (not fully qualified, or unknown in DNS).',
    hint: "Say EHLO with your client's real, fully-qualified host name.",
  },
  {
    codes: [501, 553],
    pattern: /bad (sender|recipient) address syntax|syntax: (mail from|rcpt to)|missing or malformed local part/i,
    meaning: 'The address is not written the way SMTP wants: inside angle brackets, right after the colon.',
    hint: 'Type e.g. "MAIL FROM:<you@example.org>" and "RCPT TO:<them@example.net>".',
  },
  {
    codes: [501],
    pattern: /base64|cannot decode/i,
    meaning: 'Your answer in the AUTH exchange was not valid base64.',
    hint: "Encode it first, e.g. printf '\\0user\\0pass' | base64.",
  },
  {
    codes: [501],
    pattern: /authentication (cancell?ed|aborted)|client initiated authentication exchange/i,
    meaning: 'The AUTH exchange was cancelled (a line with only * ends it).',
  },
  {
    codes: [500, 502],
    pattern: /command not recogni[sz]ed|unrecogni[sz]ed command|command unrecogni[sz]ed|unknown command/i,
    meaning: 'The server did not understand the command word: misspelt, or an extension it does not have.',
    hint: 'Check the spelling; the EHLO reply lists the extensions the server supports.',
  },
  {
    codes: [250],
    pattern: /queued as|ok id=/i,
    meaning: 'The server has taken responsibility for the message; the ID finds it in its logs.',
  },
];
