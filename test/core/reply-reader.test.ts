import test from 'ava';
import fc from 'fast-check';
import { ReplyReader } from '../../src/core/reply-reader.js';
import type { Reply } from '../../src/core/reply.js';

const wholeOnly = (onReply: (reply: Reply) => boolean) => ({ line: () => false, reply: onReply });

const collect = (reader: ReplyReader, chunk: string, stopAt?: number): { codes: number[]; stopped: ReturnType<ReplyReader['push']> } => {
  const codes: number[] = [];
  const stopped = reader.push(
    Buffer.from(chunk, 'latin1'),
    wholeOnly((reply: Reply) => {
      codes.push(reply.code);
      return reply.code === stopAt;
    }),
  );
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
  t.deepEqual(reader.takeUnfinished(), { told: 0 });
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
        const stopped = reader.push(Buffer.from(chunk, 'latin1'), wholeOnly((reply) => reply.code === 220));
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

test('the lines of a multi-line reply are told as they come, then the reply with how many were told', (t) => {
  const reader = new ReplyReader({});
  const told: string[] = [];
  const replies: Array<[number, number]> = [];
  const handlers = {
    line: (raw: Buffer) => told.push(raw.toString()) > 0,
    reply: (reply: Reply, count: number) => replies.push([reply.code, count]) < 0,
  };
  reader.push(Buffer.from('250-first\r\n250-sec'), handlers);
  t.deepEqual(told, ['250-first']);
  reader.push(Buffer.from('ond\r\n250 last\r\n220 one line\r\n'), handlers);
  t.deepEqual(told, ['250-first', '250-second']);
  t.deepEqual(replies, [[250, 2], [220, 0]]);
  reader.push(Buffer.from('250-cut\r\n'), handlers);
  t.like(reader.takeUnfinished(), { told: 1 });
});

test('a line not told stops the telling for that reply: what was told is always its first lines', (t) => {
  const reader = new ReplyReader({});
  let calls = 0;
  const replies: number[] = [];
  reader.push(Buffer.from('250-a\r\n250-b\r\n250 c\r\n'), {
    line: () => ++calls > 5,
    reply: (_reply, count) => replies.push(count) < 0,
  });
  t.is(calls, 1);
  t.deepEqual(replies, [0]);
});
