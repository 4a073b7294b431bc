import test from 'ava';
import { createTheme } from '../../src/ui/theme.js';

test('colours by meaning; none at all under NO_COLOR (an empty NO_COLOR does not count)', (t) => {
  t.is(createTheme({}).color('problem'), 'red');
  t.is(createTheme({}).color('sent'), 'cyan');
  t.is(createTheme({ NO_COLOR: '1' }).color('problem'), undefined);
  t.is(createTheme({ NO_COLOR: '1' }).color('secure'), undefined);
  t.is(createTheme({ NO_COLOR: '' }).color('positive'), 'green');
  t.true(createTheme({ NO_COLOR: '1' }).bold('problem'));
});
