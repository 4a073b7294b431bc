import test from 'ava';
import type { ExecutionContext } from 'ava';
import { END_OF_DATA_VARIANTS, describeEndOfData, describeInjection, probeEndOfData, probeStartTlsInjection } from '../../src/core/probes.js';
import type { EndOfDataVariant } from '../../src/core/probes.js';
import { generateCertificate } from '../../src/server/certs.js';
import { recordAgainst } from '../hostile/harness.js';
import type { Behaviour } from '../hostile/harness.js';
import { answerUntilQuit, endsDataAt, startTlsPeer } from '../hostile/peers.js';

const certificate = await generateCertificate();

/** Silence this long counts as an answer; an answer that does come ends the wait at once, so a long one costs nothing. */
const WINDOW = 200;
const PATIENT = 5000;
const named = (name: string): EndOfDataVariant => END_OF_DATA_VARIANTS.find((variant) => variant.name === name)!;

test('the twelve variants of the reference list, none of them the standard end', (t) => {
  t.deepEqual(
    END_OF_DATA_VARIANTS.map((variant) => variant.name),
    ['\\n.\\n', '\\r.\\r', '\\r.\\n', '\\n.\\r', '\\n.\\r\\n', '\\r\\n.\\n', '\\r.\\r\\n', '\\r\\n.\\r', '\\r\\n\\x00.\\r\\n', '\\r\\n.\\x00\\r\\n', '\\r\\n.\\r\\r\\n', '\\r\\r\\n.\\r\\r\\n'],
  );
  t.false(END_OF_DATA_VARIANTS.some((variant) => variant.bytes.equals(Buffer.from('\r\n.\r\n'))));
});

async function inData(t: ExecutionContext, behaviour: Behaviour) {
  const session = await recordAgainst(t, behaviour);
  await session.connection.open();
  await session.connection.submit('DATA');
  t.true(session.connection.inData);
  return session;
}

test('a server that ends DATA at a bare-LF dot: accepted, a smuggling risk, DATA over', async (t) => {
  const { connection, lines } = await inData(t, endsDataAt(/\r?\n\.\r?\n/));
  const result = await probeEndOfData(connection, named('\\n.\\n'), PATIENT);
  t.is(result.verdict.kind, 'accepted');
  t.false(connection.inData);
  t.true(describeEndOfData(result, WINDOW).risk);
  t.regex(describeEndOfData(result, WINDOW).text, /end of data as \\n\.\\n: accepted a non-standard end of data \(smuggling risk\): 250$/);
  t.true(lines().includes(' -> smuggling probe\\n.\\n'));
  t.is((await connection.submit('NOOP'))!.code, 250, 'the next reply answers the next command');
});

test('a strict server: still in DATA after the window, then ended properly with the variant as text', async (t) => {
  const { connection, lines } = await inData(t, endsDataAt(/\r\n\.\r\n/));
  const started = Date.now();
  const result = await probeEndOfData(connection, named('\\n.\\n'), WINDOW);
  t.true(Date.now() - started >= WINDOW);
  t.is(result.verdict.kind, 'still-in-data');
  t.false(connection.inData);
  t.false(describeEndOfData(result, WINDOW).risk);
  t.regex(describeEndOfData(result, WINDOW).text, /: still in DATA after 0\.2 s, so not taken as the end; \\r\\n\.\\r\\n ended the message \(250\)$/);
  t.true(lines().includes('<-  250 2.0.0 queued 18 bytes'), 'the message held the probe text and the variant');
  t.is((await connection.submit('NOOP'))!.code, 250);
});

const refuseAtBareLf: Behaviour = async (peer) => {
  await peer.write('220 strict\r\n');
  await peer.expectLine(/^DATA/);
  await peer.write('354 go ahead\r\n');
  await new Promise((resolve) => peer.socket.once('data', resolve));
  await peer.write('550 5.6.11 bare LF not allowed\r\n');
  await answerUntilQuit(peer);
};

test('a server that refuses the variant outright: refused, no risk', async (t) => {
  const { connection } = await inData(t, refuseAtBareLf);
  const result = await probeEndOfData(connection, named('\\n.\\n'), PATIENT);
  t.is(result.verdict.kind, 'refused');
  t.false(connection.inData);
  t.regex(describeEndOfData(result, WINDOW).text, /ended the message there and refused it \(550\)$/);
});


test('STARTTLS injection: a server answering the pre-TLS NOOP inside TLS is caught', async (t) => {
  const { connection, lines } = await recordAgainst(t, startTlsPeer(true, certificate));
  await connection.open();
  const verdict = await probeStartTlsInjection(connection, PATIENT);
  t.is(verdict.kind, 'executed');
  t.true(connection.tls);
  t.true(describeInjection(verdict, PATIENT).risk);
  t.true(lines().includes(' -> STARTTLS\\r\\nNOOP\\r\\n'));
  t.true(lines().includes('<~  250 2.0.0 NOOP ok'));
  t.is((await connection.submit('EHLO me'))!.code, 250, 'the session goes on in TLS');
});

test('STARTTLS injection: a server that drops its plaintext buffer passes', async (t) => {
  const { connection } = await recordAgainst(t, startTlsPeer(false, certificate));
  await connection.open();
  const verdict = await probeStartTlsInjection(connection, WINDOW);
  t.is(verdict.kind, 'not-executed');
  t.false(describeInjection(verdict, WINDOW).risk);
  t.regex(describeInjection(verdict, WINDOW).text, /not executed inside TLS$/);
  t.is((await connection.submit('EHLO me'))!.code, 250);
});

const refuseStartTls: Behaviour = async (peer) => {
  await peer.write('220 ready\r\n');
  await peer.expectLine(/^STARTTLS$/);
  await peer.write('454 4.7.0 TLS not available\r\n');
  await answerUntilQuit(peer);
};

test('STARTTLS injection: a refused STARTTLS leaves nothing to probe, in plaintext', async (t) => {
  const { connection } = await recordAgainst(t, refuseStartTls);
  await connection.open();
  const verdict = await probeStartTlsInjection(connection, WINDOW);
  t.is(verdict.kind, 'refused');
  t.false(connection.tls);
  t.regex(describeInjection(verdict, WINDOW).text, /answered 454, so there was nothing to probe$/);
});
