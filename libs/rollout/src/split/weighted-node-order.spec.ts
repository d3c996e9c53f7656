import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { weightedNodeOrder, type RolloutNode } from './weighted-node-order.js';

const node = (name: string, labels: Record<string, string> = {}): RolloutNode => ({ name, labels });
const fleet = [node('b'), node('d', { env: 'pre' }), node('a'), node('c', { env: 'pre' })];

describe('weightedNodeOrder', () => {
  const cases: { name: string; nodes: RolloutNode[]; weight: number; label?: string; canary: string; stable: string }[] = [
    { name: 'labelled nodes first, then by name', nodes: fleet, weight: 25, label: 'env=pre', canary: 'c', stable: 'd a b' },
    { name: '50% takes both pre nodes', nodes: fleet, weight: 50, label: 'env=pre', canary: 'c d', stable: 'a b' },
    { name: '60% of 4 rounds up to 3', nodes: fleet, weight: 60, label: 'env=pre', canary: 'c d a', stable: 'b' },
    { name: '100% is every node', nodes: fleet, weight: 100, label: 'env=pre', canary: 'c d a b', stable: '' },
    { name: '0% is none', nodes: fleet, weight: 0, label: 'env=pre', canary: '', stable: 'c d a b' },
    { name: '1% of 4 is one node', nodes: fleet, weight: 1, label: 'env=pre', canary: 'c', stable: 'd a b' },
    { name: 'no label: by name', nodes: fleet, weight: 25, canary: 'a', stable: 'b c d' },
    { name: 'a label no node has: by name', nodes: fleet, weight: 50, label: 'env=canary', canary: 'a b', stable: 'c d' },
    { name: 'the value must match, not just the key', nodes: [node('a', { env: 'prod' }), node('b', { env: 'pre' })], weight: 50, label: 'env=pre', canary: 'b', stable: 'a' },
    { name: 'an empty value matches an empty label', nodes: [node('a'), node('b', { canary: '' })], weight: 50, label: 'canary=', canary: 'b', stable: 'a' },
    { name: 'code-unit order, not locale order', nodes: [node('b'), node('B'), node('a'), node('A')], weight: 50, canary: 'A B', stable: 'a b' },
    { name: 'numbers sort as text', nodes: [node('n10'), node('n9'), node('n1')], weight: 34, canary: 'n1 n10', stable: 'n9' },
    { name: 'duplicates count once', nodes: [node('a'), node('a'), node('b')], weight: 50, canary: 'a', stable: 'b' },
    { name: 'no nodes', nodes: [], weight: 50, canary: '', stable: '' },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const split = weightedNodeOrder(tc.nodes, tc.weight, tc.label);
      assert.equal(split.canary.join(' '), tc.canary);
      assert.equal(split.stable.join(' '), tc.stable);
    });
  }

  it('does not depend on the input order', () => {
    const nodes = Array.from({ length: 12 }, (_, i) => node(`n${i}`, i % 3 === 0 ? { env: 'pre' } : {}));
    const want = weightedNodeOrder(nodes, 40, 'env=pre');
    for (let rot = 1; rot < nodes.length; rot++) {
      const shuffled = [...nodes.slice(rot), ...nodes.slice(0, rot)].reverse();
      assert.deepEqual(weightedNodeOrder(shuffled, 40, 'env=pre'), want);
    }
  });

  it('raising the weight only adds nodes at the end of the canary list', () => {
    const nodes = Array.from({ length: 17 }, (_, i) => node(`n${i}`, i > 12 ? { env: 'pre' } : {}));
    let previous: string[] = [];
    for (let w = 0; w <= 100; w++) {
      const { canary } = weightedNodeOrder(nodes, w, 'env=pre');
      assert.deepEqual(canary.slice(0, previous.length), previous, `at ${w}%`);
      previous = canary;
    }
  });
});
