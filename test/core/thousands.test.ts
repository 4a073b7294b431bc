import test from 'ava';
import fc from 'fast-check';
import { thousands } from '../../src/core/thousands.js';

test('commas between groups of three digits, as byte counts are shown', (t) => {
  const cases: Array<[number, string]> = [
    [0, '0'],
    [7, '7'],
    [999, '999'],
    [1000, '1,000'],
    [65536, '65,536'],
    [1048576, '1,048,576'],
    [104857600, '104,857,600'],
    [-1234567, '-1,234,567'],
    [Number.MAX_SAFE_INTEGER, '9,007,199,254,740,991'],
  ];
  for (const [count, shown] of cases) t.is(thousands(count), shown, String(count));
});

test('the same text as toLocaleString("en-US") for every safe integer', (t) => {
  fc.assert(
    fc.property(fc.maxSafeInteger(), (count) => thousands(count) === count.toLocaleString('en-US')),
    { numRuns: 2000 },
  );
  t.pass();
});
