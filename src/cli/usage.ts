/** What `--help` prints: every option, with its defaults and the exit codes (a test checks each option is here). */
export const USAGE = `smtp-explorer — explore SMTP sessions and their TLS by hand

Usage:
  smtp-explorer [host[:port]] [options]          interactive explorer (no host: the built-in server)
  smtp-explorer --script FILE|- [host[:port]]    send each line of FILE, print the transcript
  smtp-explorer --probe-tls [host[:port]]        which TLS versions and whose cipher order the server takes
  smtp-explorer serve [--port N] [--listen ADDR] run the built-in workshop server alone
  smtp-explorer --explain CODE [ENHANCED] [TEXT] what a reply means, e.g. --explain 550 5.7.1

Workshop:
  --scenario NAME         the built-in server set up for one lesson (no host; also with serve)
  --list-scenarios        every scenario with a one-line description
  --verbose               with --list-scenarios: each scenario's lesson too
  --hints, --no-hints     after each reply, a line on what usually comes next (default: on with --scenario)

Connection:
  -4, -6                  IPv4 or IPv6 only
  --tls-on-connect        implicit TLS from the first byte (default for port 465)
  --servername NAME       SNI to send (default: the host name; none for an IP address)
  --no-sni                send no SNI
  --tls-min V, --tls-max V  TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3; below TLSv1.2 lowers OpenSSL's security level
  --ciphers LIST          OpenSSL cipher list
  --ca FILE               trust this CA to verify the server (PEM, one or more, or one DER certificate)
  --cert FILE --key FILE  client certificate and key (PEM)
  --strict-tls            refuse an unverified certificate (default: report it and go on)
  --keylog FILE           append TLS secrets (NSS key log, as SSLKEYLOGFILE) so Wireshark can decrypt a capture
                          (every connection but --probe-tls's)
  --timeout SECONDS       one deadline for every wait (defaults: connect 15 s, greeting and commands 60 s,
                          TLS handshake 30 s, end of DATA 600 s; --probe-tls: 10 s to connect and for the
                          handshake, 15 s per reply)

Script mode:
  --script FILE|-         lines are sent exactly as written; after DATA and 354, lines up to a lone "." are the body
  --json                  one JSON document instead of the transcript
  --keep-going            go on after a 4xx/5xx reply (default: stop and QUIT)
  --body-file PATH        after DATA and 354, stream this file as the body (dot-stuffed; any size)
  --pipeline              if the server offers PIPELINING, send each run of MAIL/RCPT/RSET (and the DATA,
                          NOOP, VRFY or EXPN ending it) in one write; each reply names its command
  --probe-tls             try TLSv1 to TLSv1.3 and the cipher order first, in fresh connections; alone it
                          exits 0 if a version was accepted, 1 if none or STARTTLS refused, 2 if it could not probe
                          (unreachable, not TLS, no handshake finished); with --script the run exits with the
                          worse (higher) of that code and the script's
  --probe-smuggling       end the body after DATA with each non-standard end of data (\\n.\\n, \\r.\\r, …), one
                          message each (MAIL to DATA repeated); report which the server took (smuggling risk)
  --probe-starttls-injection  send the script's STARTTLS as "STARTTLS\\r\\nNOOP\\r\\n" in one write; report whether
                          the server answers that NOOP inside TLS (it would run an attacker's pre-TLS commands)

Interactive:
  --helo NAME, --from ADDR, --to ADDR, --auth-user USER
                          values for the templates (--helo also names --probe-tls's EHLO)

Other:
  -h, --help              this text
  --version               the version number

Transcript marks: " -> " sent, "<-  " received, " ~> " / "<~  " over TLS, "=== " information,
"*** " errors and violations, "<** " a reply nobody asked for.
Exit codes: 0 all replies positive, 1 a 4xx/5xx reply or a risk a probe found, 2 connection/TLS/timeout failure
(also: serve cannot listen, or an error in smtp-explorer itself), 64 usage error, 74 the output could not be written (a full disk), 130/143 interrupted by SIGINT/SIGTERM (the run
ends cleanly; a second signal ends it at once).
`;
