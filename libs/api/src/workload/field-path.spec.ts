import { strict as assert } from 'node:assert';
import { formatFieldPath } from './field-path.js';

describe('formatFieldPath', () => {
  const cases: [Parameters<typeof formatFieldPath>[0], string][] = [
    [[], ''],
    [['spec'], 'spec'],
    [['spec', 'service', 'ports', 0, 'port'], 'spec.service.ports[0].port'],
    [['metadata', 'labels', 'app.kubernetes.io/name'], 'metadata.labels["app.kubernetes.io/name"]'],
    [[0, 'a'], '[0].a'],
  ];
  for (const [path, want] of cases) it(want || '(empty)', () => assert.equal(formatFieldPath(path), want));
});
