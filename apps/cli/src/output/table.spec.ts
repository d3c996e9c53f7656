import assert from 'node:assert/strict';
import { renderRows, renderTable } from './table.js';

describe('renderTable', () => {
  const cases = [
    { name: 'header only', header: ['NAME', 'AGE'], rows: [], want: ['NAME   AGE'] },
    {
      name: 'pads to the widest cell, three spaces apart, no trailing blanks',
      header: ['NAME', 'RUNTIME', 'AGE'],
      rows: [['checkout', 'service', '5m'], ['a', 'wasm', '']],
      want: ['NAME       RUNTIME   AGE', 'checkout   service   5m', 'a          wasm'],
    },
  ];
  for (const tc of cases) it(tc.name, () => assert.deepEqual(renderTable(tc.header, tc.rows), tc.want));

  it('renderRows keeps given widths and lets long cells push on', () => {
    assert.deepEqual(renderRows([['a', 'b'], ['longer-than-width', 'c']], [4, 1]), ['a      b', 'longer-than-width   c']);
  });
});
