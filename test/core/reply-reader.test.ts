import test from 'ava';
import fc from 'fast-check';
import { ReplyReader } from '../../src/core/reply-reader.js';
import type { Reply } from '../../src/core/reply.js';

const collect = (reader: ReplyReader, chunk: string, stopAt?: number): { codes: number[]; stopped: ReturnType<ReplyReader['push']> } => {
  const codes: number[] = [];
  const stopped = reader.push(Buffer.from(chunk, 'latin1'), (reply: Reply) => {
    codes.push(reply.code);
    return reply.code === stopAt;
  });
  return { codes, stopped };
};

test('replies are handed on in order, a multi-line reply once, across reads', (t) => {
  const reader = new ReplyReader({});
  t.deepEqual(collect(reader, '220 hi\r\n250-a\r\n250-b').codes, [220]);
  const { codes, stopped } = collect(reader, '\r\n250 c\r\n');
  t.deepEqual(codes, [250]);
  t.is(stopped, undefined);
});

test('a stop hands back every byte read after that reply, exactly, and reading starts afresh', (t) => {
  const reader = new ReplyReader({});
  collect(reader, '250-half');
  const { codes, stopped } = collect(reader, ' line\r\n250 end\r\n220 go ahead\r\n250 injected\nmore\r\npart', 220);
  t.deepEqual(codes, [250, 220]);
  t.is(stopped?.unread?.toString('latin1'), '250 injected\nmore\r\npart');
  t.deepEqual(collect(reader, '250 over tls\r\n').codes, [250]);
  t.deepEqual(reader.takeUnfinished(), {});
});

test('a stop at the last byte read hands back nothing', (t) => {
  const { stopped } = collect(new ReplyReader({}), '220 go ahead\r\n', 220);
  t.deepEqual(stopped, {});
});

test('at the close: the reply without its last line and the line without its ending', (t) => {
  const reader = new ReplyReader({});
  collect(reader, '250-first\r\n250 no ending');
  const { reply, line } = reader.takeUnfinished();
  t.false(reply?.complete);
  t.deepEqual(reply?.lines, ['first']);
  t.is(line?.raw.toString(), '250 no ending');
  t.is(line?.ending, 'none');
});

test('property: wherever a read ends, the bytes handed back are those read after the 220, nothing lost or parsed', (t) => {
  const suffix = fc.stringMatching(/^[\x20-\x7e\r\n]{0,40}$/);
  fc.assert(
    fc.property(fc.array(fc.constantFrom('250 ok\r\n', 'junk\n', '\r\n'), { maxLength: 6 }), suffix, fc.nat(), (before, after, cutAt) => {
      const stream = `${before.join('')}220 go\r\n${after}`;
      const end = stream.length - after.length;
      const cut = cutAt % (stream.length + 1);
      const reader = new ReplyReader({});
      let unread: string | undefined;
      for (const chunk of [stream.slice(0, cut), stream.slice(cut)]) {
        const stopped = reader.push(Buffer.from(chunk, 'latin1'), (reply) => reply.code === 220);
        if (stopped) {
          unread = stopped.unread?.toString('latin1') ?? '';
          break;
        }
      }
      return unread === (cut >= end ? stream.slice(end, cut) : after);
    }),
  );
  t.pass();
});
