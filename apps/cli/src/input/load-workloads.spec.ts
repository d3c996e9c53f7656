import assert from 'node:assert/strict';
import { formatViolation } from '@mosaic/api';
import { loadWorkloads } from './load-workloads.js';

const doc = (name: string, ns?: string) => `apiVersion: mosaic.dev/v1
kind: Workload
metadata:
  name: ${name}
${ns ? `  namespace: ${ns}\n` : ''}spec:
  runtime: service
  service:
    command: [node, server.js]
`;

describe('loadWorkloads', () => {
  const cases = [
    { name: 'no namespace: the fallback', text: doc('a'), ns: { fallback: 'team' }, want: ['team/a'] },
    { name: 'no namespace: -n wins over the fallback', text: doc('a'), ns: { explicit: 'x', fallback: 'team' }, want: ['x/a'] },
    { name: 'own namespace kept', text: doc('a', 'shop'), ns: { fallback: 'team' }, want: ['shop/a'] },
    { name: 'own namespace equal to -n is fine', text: doc('a', 'shop'), ns: { explicit: 'shop', fallback: 'team' }, want: ['shop/a'] },
    { name: 'multi-document stream, mixed', text: `${doc('a')}---\n${doc('b', 'shop')}---\n`, ns: { fallback: 'default' }, want: ['default/a', 'shop/b'] },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const { documents, violations } = loadWorkloads([{ name: 'w.yaml', text: tc.text }], tc.ns);
      assert.deepEqual(violations, []);
      assert.deepEqual(documents.map((d) => `${d.workload.metadata.namespace}/${d.workload.metadata.name}`), tc.want);
    });
  }

  it('reports a namespace that contradicts -n, at the document', () => {
    const { violations } = loadWorkloads([{ name: 'w.yaml', text: `${doc('a')}---\n${doc('b', 'shop')}` }], { explicit: 'other', fallback: 'default' });
    assert.deepEqual(violations.map(formatViolation), ['w.yaml:10:1: metadata.namespace: the document\'s namespace "shop" does not match -n "other"']);
  });

  it('collects the errors of every file, with file:line:col and field path', () => {
    const bad = doc('a').replace('  runtime: service', '  runtime: service\n  replicaz: 2');
    const { documents, violations } = loadWorkloads(
      [{ name: 'good.yaml', text: doc('ok') }, { name: 'bad.yaml', text: bad }, { name: 'broken.yaml', text: 'a: [1, 2\n' }],
      { fallback: 'default' },
    );
    assert.deepEqual(documents.map((d) => d.workload.metadata.name), ['ok']);
    const lines = violations.map(formatViolation);
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^bad\.yaml:7:3: spec\.replicaz: unknown field "replicaz"$/);
    assert.match(lines[1]!, /^broken\.yaml:\d+:\d+: /);
  });
});
