import test from 'ava';
import fc from 'fast-check';
import { BASIC_CODES, explainEnhanced, explainReply } from '../../src/core/codes.js';
import { PHRASES } from '../../src/core/codes/phrases.js';

const GENERIC_SOURCE = 'RFC 5321 §4.2.1';

// Listed here, not read from the data, so that a missing entry fails.
const RFC5321 = [211, 214, 220, 221, 250, 251, 252, 354, 421, 450, 451, 452, 455, 500, 501, 502, 503, 504, 550, 551, 552, 553, 554, 555];
const RFC4954 = [235, 334, 432, 454, 530, 534, 535, 538];
const RFC7504 = [521, 556];

test('every basic reply code of RFC 5321, 4954 and 7504 has its own explanation', (t) => {
  for (const code of [...RFC5321, ...RFC4954, ...RFC7504]) {
    const e = explainReply(code);
    t.not(e.source, GENERIC_SOURCE, `${code} falls back to the digits`);
    t.notRegex(e.title, /unregistered code|invalid reply code/i, String(code));
    t.true(e.meaning.length > 10, String(code));
    t.is(e.code, String(code));
  }
});

test('BASIC_CODES holds exactly the registered codes', (t) => {
  t.deepEqual([...BASIC_CODES.keys()].sort(), [...RFC5321, ...RFC4954, ...RFC7504].sort());
});

test('the STARTTLS uses of 220, 454 and 501 are named', (t) => {
  t.regex(explainReply(220).meaning, /STARTTLS/);
  t.regex(explainReply(454).meaning, /STARTTLS/);
  t.regex(explainReply(501).meaning, /STARTTLS/);
});

test('530 5.7.0 says the server wants STARTTLS before this command', (t) => {
  const e = explainReply(530, '5.7.0');
  t.regex(e.meaning, /wants STARTTLS before this command/);
  t.regex(e.hint ?? '', /STARTTLS/);
  t.is(e.enhanced, '5.7.0');
});

test('550 5.7.1 Relay access denied explains relaying', (t) => {
  const e = explainReply(550, '5.7.1', 'Relay access denied');
  t.regex(e.phrase ?? '', /relay/i);
  t.regex(e.phrase ?? '', /own domains/);
  t.regex(e.hint ?? '', /Log in/);
  t.regex(e.status?.meaning ?? '', /^Permanent failure/);
});

// Subject.detail → words of the IANA registry name each entry must carry.
const ENHANCED: ReadonlyArray<readonly [string, RegExp]> = [
  ['0.0', /other undefined/i],
  ['1.0', /other address/i], ['1.1', /bad destination mailbox address \(/i], ['1.2', /bad destination system/i],
  ['1.3', /destination mailbox address syntax/i], ['1.4', /ambiguous/i], ['1.5', /destination address valid/i],
  ['1.6', /moved/i], ['1.7', /sender's mailbox address syntax/i], ['1.8', /sender's system/i],
  ['1.9', /non-compliant/i], ['1.10', /recipient address has null MX/i],
  ['2.0', /mailbox status/i], ['2.1', /mailbox disabled/i], ['2.2', /mailbox full/i],
  ['2.3', /message length/i], ['2.4', /mailing list expansion problem/i],
  ['3.0', /mail system status/i], ['3.1', /mail system full/i], ['3.2', /not accepting/i],
  ['3.3', /not capable/i], ['3.4', /too big for system/i], ['3.5', /incorrectly configured/i], ['3.6', /priority was changed/i],
  ['4.0', /network or routing/i], ['4.1', /no answer/i], ['4.2', /bad connection/i], ['4.3', /directory server/i],
  ['4.4', /unable to route/i], ['4.5', /congestion/i], ['4.6', /routing loop/i], ['4.7', /delivery time expired/i],
  ['5.0', /protocol status/i], ['5.1', /invalid command \(/i], ['5.2', /syntax error/i], ['5.3', /too many recipients/i],
  ['5.4', /invalid command arguments/i], ['5.5', /wrong protocol version/i], ['5.6', /authentication exchange line/i],
  ['6.0', /media error/i], ['6.1', /media not supported/i], ['6.2', /required and prohibited/i],
  ['6.3', /required but not supported/i], ['6.4', /with loss/i], ['6.5', /conversion failed/i],
  ['6.6', /content not available/i], ['6.7', /non-ASCII addresses/i], ['6.8', /UTF-8 string reply/i],
  ['6.9', /UTF-8 header/i], ['6.10', /UTF-8 string reply/i],
  ['7.0', /security status/i], ['7.1', /not authorized/i], ['7.2', /mailing list expansion prohibited/i],
  ['7.3', /security conversion/i], ['7.4', /security features/i], ['7.5', /cryptographic failure/i],
  ['7.6', /algorithm not supported/i], ['7.7', /integrity/i], ['7.8', /credentials invalid/i],
  ['7.9', /too weak/i], ['7.10', /encryption needed/i], ['7.11', /encryption required/i],
  ['7.12', /password transition/i], ['7.13', /account disabled/i], ['7.14', /trust relationship/i],
  ['7.15', /priority level/i], ['7.16', /too big for the specified priority/i], ['7.17', /mailbox owner/i],
  ['7.18', /domain owner/i], ['7.19', /RRVS/], ['7.20', /no passing DKIM/i], ['7.21', /no acceptable DKIM/i],
  ['7.22', /author-matched DKIM/i], ['7.23', /SPF validation failed/i], ['7.24', /SPF validation error/i],
  ['7.25', /reverse DNS/i], ['7.26', /multiple authentication checks/i], ['7.27', /sender address has null MX/i],
  ['7.28', /mail flood/i], ['7.29', /ARC validation/i], ['7.30', /REQUIRETLS/],
];

test('every registered enhanced status code has its own title', (t) => {
  for (const [detail, title] of ENHANCED) {
    for (const klass of [2, 4, 5]) {
      const e = explainEnhanced(`${klass}.${detail}`);
      t.truthy(e, `${klass}.${detail}`);
      t.regex(e?.title ?? '', title, `${klass}.${detail}`);
      t.notRegex(e?.meaning ?? '', /not registered/, `${klass}.${detail}`);
      t.regex(e?.source ?? '', /^RFC \d+|^IANA/, `${klass}.${detail}`);
    }
  }
});

test('the class digit turns a detail into success, temporary or permanent', (t) => {
  t.regex(explainEnhanced('4.7.1')?.meaning ?? '', /^Temporary failure:/);
  t.regex(explainEnhanced('4.7.1')?.title ?? '', /temporary/);
  t.regex(explainEnhanced('5.7.1')?.meaning ?? '', /^Permanent failure:/);
  t.regex(explainEnhanced('2.1.5')?.meaning ?? '', /^Success: the recipient address was accepted/);
  t.regex(explainEnhanced('2.0.0')?.meaning ?? '', /^Success:/);
});

test('what-to-do hints come only with failures', (t) => {
  t.regex(explainEnhanced('5.1.1')?.hint ?? '', /spelling/);
  t.regex(explainEnhanced('4.2.2')?.hint ?? '', /room/);
  t.is(explainEnhanced('2.2.2')?.hint, undefined);
});

test('unregistered subjects and details fall back to what is known', (t) => {
  const detail = explainEnhanced('5.1.99');
  t.is(detail?.title, 'Addressing status (permanent)');
  t.regex(detail?.meaning ?? '', /^Permanent failure: .*address.*detail 99 is not registered/);
  const subject = explainEnhanced('4.9.1');
  t.is(subject?.title, 'Unregistered status (temporary)');
  t.regex(subject?.meaning ?? '', /subject 9 is not registered/);
});

test('malformed enhanced codes are not explained', (t) => {
  for (const bad of ['3.1.1', '6.0.0', '1.0.0', '5.1', '5.1.1.1', '5.1000.1', 'x.7.1', '', ' ', '5..1']) {
    t.is(explainEnhanced(bad), undefined, bad);
  }
  const e = explainReply(550, 'junk');
  t.is(e.enhanced, undefined);
  t.is(e.status, undefined);
});

test('enhanced codes are normalised', (t) => {
  t.is(explainEnhanced(' 5.01.001 ')?.status, '5.1.1');
  t.is(explainReply(550, '5.01.1').enhanced, '5.1.1');
});

test('an unregistered code is read from its digits', (t) => {
  const success = explainReply(299);
  t.is(success.source, GENERIC_SOURCE);
  t.is(success.title, 'Success, unregistered code');
  t.regex(success.meaning, /succeeded.*middle digit 9 is outside 0-5/);
  const temporary = explainReply(471);
  t.regex(temporary.title, /^Temporary failure/);
  t.regex(temporary.hint ?? '', /later/);
  t.regex(explainReply(259).meaning, /mail system/);
  t.regex(explainReply(520).meaning, /connection/);
  t.regex(explainReply(333).meaning, /waits for more/);
});

test('codes outside 200-599 are called invalid', (t) => {
  for (const code of [850, 199, 100, 600, 0, -250, 1000, 25, 250.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    const e = explainReply(code);
    t.regex(e.meaning, /not a valid SMTP reply code \(first digit must be 2-5\)/i, String(code));
    t.is(e.title, 'Invalid reply code');
  }
});

// Real server wordings → words the explanation must contain.
const WORDINGS: ReadonlyArray<readonly [number, string | undefined, string, RegExp]> = [
  [530, '5.7.0', '5.7.0 Must issue a STARTTLS command first', /wants STARTTLS first/],
  [530, undefined, 'Must issue a STARTTLS command first', /wants STARTTLS first/],
  [421, '4.7.0', 'TLS required', /wants STARTTLS first/],
  [530, '5.7.0', 'Authentication required', /log in with AUTH/],
  [535, '5.7.8', '5.7.8 Error: authentication failed: authentication failure', /login was refused/],
  [535, undefined, 'Incorrect authentication data', /login was refused/],
  [550, '5.7.1', 'Relay access denied', /will not relay/],
  [554, '5.7.1', '<bob@example.net>: Relay access denied', /will not relay/],
  [550, undefined, 'relay not permitted', /will not relay/],
  [550, undefined, 'relaying not permitted', /will not relay/],
  [550, '5.7.1', 'Client host rejected: Access denied', /IP address itself/],
  [554, '5.7.1', '<mx.example.org[192.0.2.1]>: Client host rejected: Access denied', /IP address itself/],
  [554, '5.7.1', '<bob@example.net>: Recipient address rejected: Access denied', /rule about this recipient/],
  [451, '4.7.1', 'Greylisted, see http://postgrey.schweikert.ch/help/example.net.html', /Greylisting/],
  [451, '4.7.1', 'Please try again later', /Greylisting/],
  [451, '4.7.1', 'Service unavailable - try again later', /Greylisting/],
  [450, '4.2.0', '<bob@example.net>: Recipient address rejected: Greylisted', /Greylisting/],
  [451, undefined, 'Temporary local problem - please try later', /Exim hit a problem/],
  [421, '4.7.0', 'mx.example.org Error: too many connections from 192.0.2.1', /how many connections/],
  [421, undefined, 'Too many concurrent SMTP connections; please try again later.', /how many connections/],
  [421, '4.4.2', 'mx.example.org Error: timeout exceeded', /waited too long/],
  [421, undefined, 'mx.example.org: SMTP command timeout - closing connection', /waited too long/],
  [421, undefined, 'mx.example.org lost input connection', /s_client.*RENEGOTIATING/],
  [503, undefined, 'AUTH command used when not advertised', /Exim.*only after STARTTLS/],
  [503, '5.5.1', 'Error: authentication not enabled', /Postfix.*smtpd_tls_auth_only/],
  [503, '5.5.1', 'Error: already authenticated', /already logged in/],
  [554, '5.5.1', 'Error: TLS already active', /only once per connection/],
  [503, '5.5.1', 'Error: need RCPT command', /out of order/],
  [550, '5.1.1', '<nobody@example.org>: Recipient address rejected: User unknown in local recipient table', /does not exist/],
  [550, undefined, 'Unrouteable address', /does not exist/],
  [550, '5.1.1', 'The email account that you tried to reach does not exist.', /does not exist/],
  [552, '5.3.4', 'Message size exceeds fixed limit', /bigger than the server allows/],
  [552, undefined, 'Message size exceeds maximum permitted', /bigger than the server allows/],
  [552, '5.2.2', 'Mailbox full', /over its storage quota/],
  [452, '4.5.3', 'Error: too many recipients', /more recipients/],
  [554, undefined, 'Transaction failed', /catch-all/],
  [554, '5.5.1', 'Error: no valid recipients', /no RCPT TO was accepted/],
  [554, undefined, 'SMTP synchronization error', /PIPELINING/],
  [554, undefined, 'No SMTP service here', /will not talk to you/],
  [454, '4.7.0', 'TLS not available due to local problem', /certificate or key/],
  [454, '4.7.0', 'Temporary authentication failure', /login back end/],
  [554, '5.7.1', 'Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org', /DNS blocklist/],
  [450, '4.7.1', 'Client host rejected: cannot find your hostname, [192.0.2.1]', /reverse DNS/],
  [450, '4.1.8', '<a@nowhere.invalid>: Sender address rejected: Domain not found', /MAIL FROM address in DNS/],
  [501, undefined, 'Syntax: EHLO hostname', /take one argument/],
  [501, undefined, 'Syntactically invalid EHLO argument(s)', /missing or not a valid name/],
  [504, '5.5.2', '<localhost>: Helo command rejected: need fully-qualified hostname', /HELO\/EHLO and refused/],
  [501, '5.1.7', 'Bad sender address syntax', /angle brackets/],
  [501, '5.5.2', 'Cannot decode response', /base64/],
  [501, undefined, 'Authentication cancelled', /cancelled/],
  [500, '5.5.2', 'Error: command not recognized', /did not understand/],
  [250, '2.0.0', 'Ok: queued as 4BCD12345', /responsibility/],
];

test('real-world wordings are recognised', (t) => {
  for (const [code, enhanced, text, expected] of WORDINGS) {
    t.regex(explainReply(code, enhanced, text).phrase ?? '', expected, `${code} ${text}`);
  }
});

test('every known wording has a real example above', (t) => {
  const seen = new Set(WORDINGS.map(([code, enhanced, text]) => explainReply(code, enhanced, text).phrase));
  for (const phrase of PHRASES) t.true(seen.has(phrase.meaning), phrase.pattern.source);
});

test('a wording counts only with the code it comes with', (t) => {
  t.is(explainReply(250, undefined, 'Relay access denied').phrase, undefined);
  t.is(explainReply(550, '5.1.1', 'Greylisted').phrase, undefined);
  t.is(explainReply(550, '5.7.1', 'something else entirely').phrase, undefined);
});

test('the hint of a recognised wording wins over the status and the code', (t) => {
  t.regex(explainReply(550, '5.1.1').hint ?? '', /spelling of the recipient/);
  t.regex(explainReply(550).hint ?? '', /enhanced code say which/);
  t.regex(explainReply(503, '5.5.1', 'Error: authentication not enabled').hint ?? '', /STARTTLS and EHLO again/);
});

test('wording patterns are case-insensitive and stateless', (t) => {
  for (const { pattern } of PHRASES) {
    t.true(pattern.ignoreCase, pattern.source);
    t.false(pattern.global || pattern.sticky, pattern.source);
  }
  t.truthy(explainReply(550, undefined, 'RELAY ACCESS DENIED').phrase);
});

test('explainReply never throws, whatever the code and text', (t) => {
  fc.assert(
    fc.property(
      fc.oneof(fc.integer(), fc.integer({ min: 100, max: 999 }), fc.double()),
      fc.option(fc.oneof(fc.string(), fc.stringMatching(/^[2-5]\.\d{1,3}\.\d{1,3}$/)), { nil: undefined }),
      fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
      (code, enhanced, text) => {
        const e = explainReply(code, enhanced, text);
        return e.code === String(code) && e.title.length > 0 && e.meaning.length > 0;
      },
    ),
  );
  t.pass();
});
