import test from 'ava';
import { applySgr, parseLine, screenToSvg } from '../../scripts/ansi-svg.js';

const plain = { bold: false, dim: false, italic: false, underline: false, inverse: false };

test('SGR codes: basic, bright, 256 and true colours, attributes and their resets', (t) => {
  t.like(applySgr(plain, [1, 36]), { bold: true, fg: '#56b6c2' });
  t.like(applySgr(plain, [90]), { fg: '#7f848e' });
  t.like(applySgr(plain, [38, 5, 196]), { fg: '#ff0000' });
  t.like(applySgr(plain, [48, 2, 1, 2, 3]), { bg: '#010203' });
  t.like(applySgr(applySgr(plain, [7, 31]), [0]), { inverse: false, fg: undefined });
  t.like(applySgr(applySgr(plain, [32]), [39]), { fg: undefined });
});

test('a line becomes runs at the right columns; wide characters take two', (t) => {
  const { runs, end } = parseLine('ab\x1b[31m中x\x1b[0m yz', plain);
  t.deepEqual(
    runs.map((run) => [run.text, run.column, run.cells, run.style.fg]),
    [
      ['ab', 0, 2, undefined],
      ['中x', 2, 3, '#cc6666'],
      [' yz', 5, 3, undefined],
    ],
  );
  t.is(end.fg, undefined);
});

test('the SVG escapes text, draws backgrounds for inverse runs and keeps the grid size', (t) => {
  const svg = screenToSvg('SMTP› \x1b[7m \x1b[0m\n<b>&', { columns: 10, rows: 2, title: 'x & y' });
  t.true(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="109" height="60"'));
  t.true(svg.includes('<title>x &amp; y</title>'));
  t.true(svg.includes('&lt;b&gt;&amp;</text>'));
  t.regex(svg, /<rect x="62\.58" y="12" width="8\.43" height="18" fill="#d7dae0"\/>/);
});
