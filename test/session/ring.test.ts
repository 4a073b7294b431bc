import test from 'ava';
import fc from 'fast-check';
import { Ring } from '../../src/session/ring.js';

test('keeps the newest items and counts sequence numbers on', (t) => {
  const ring = new Ring<number>(3);
  for (let i = 0; i < 5; i++) ring.push(i);
  t.deepEqual([...ring], [2, 3, 4]);
  t.is(ring.first, 2);
  t.is(ring.end, 5);
  t.is(ring.dropped, 2);
  t.is(ring.get(1), undefined);
  t.is(ring.get(4), 4);
  t.is(ring.get(5), undefined);
});

test('drops the oldest while the weight is over the budget, but keeps the newest', (t) => {
  const ring = new Ring<string>(100, 10, (item) => item.length);
  ring.push('aaaa');
  ring.push('bbbb');
  ring.push('cccc');
  t.deepEqual([...ring], ['bbbb', 'cccc']);
  ring.push('x'.repeat(50));
  t.deepEqual([...ring], ['x'.repeat(50)]);
});

test('clear empties it without reusing sequence numbers', (t) => {
  const ring = new Ring<number>(4);
  ring.push(1);
  ring.push(2);
  ring.clear();
  t.is(ring.size, 0);
  t.is(ring.first, 2);
  ring.push(3);
  t.is(ring.get(2), 3);
});

test('cleared items are not counted as dropped; items that fall off later are', (t) => {
  const ring = new Ring<number>(2);
  for (let i = 0; i < 3; i++) ring.push(i);
  ring.clear();
  t.is(ring.dropped, 1);
  for (let i = 0; i < 3; i++) ring.push(i);
  t.is(ring.dropped, 2);
});

test('property: the ring holds exactly the last min(n, capacity) items in order', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer(), { maxLength: 100 }), (capacity, items) => {
      const ring = new Ring<number>(capacity);
      for (const item of items) ring.push(item);
      const expected = items.slice(Math.max(0, items.length - capacity));
      return JSON.stringify([...ring]) === JSON.stringify(expected) && ring.end === items.length;
    }),
  );
  t.pass();
});
