import type { InstanceState } from '@mosaic/api';
import assert from 'node:assert/strict';
import { instance, node, workload } from '../../test/support/reconcile-fixtures.js';
import { buildClusterSnapshot } from './cluster-snapshot.js';

describe('buildClusterSnapshot: usedPorts', () => {
  const web = workload('web', { service: { command: ['a'], ports: [{ name: 'http', port: 8080 }, { name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dyn' }] } });
  const api = workload('api', { service: { command: ['a'], ports: [{ name: 'http', port: 9090 }] } });
  const dynamic = workload('dyn', { service: { command: ['a'], ports: [{ name: 'http' }] } });
  const cases: { name: string; on: { w: typeof web; state: InstanceState }[]; want: unknown }[] = [
    { name: 'no instances: no usedPorts', on: [], want: undefined },
    { name: 'a live instance holds its static ports, by protocol; dynamic ones are not listed', on: [{ w: web, state: 'Running' }], want: { TCP: [8080], UDP: [53] } },
    { name: 'every workload counts', on: [{ w: web, state: 'Starting' }, { w: api, state: 'Pending' }], want: { TCP: [8080, 9090], UDP: [53] } },
    { name: 'only dynamic ports: nothing held', on: [{ w: dynamic, state: 'Running' }], want: undefined },
    { name: 'a stopped or finished instance holds nothing', on: [{ w: web, state: 'Stopped' }, { w: api, state: 'Failed' }], want: undefined },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const instances = tc.on.map(({ w, state }) => instance(w, 1, 'n1', { state }));
      const snapshot = buildClusterSnapshot([node('n1'), node('n2')], instances);
      assert.deepEqual(snapshot.nodes[0]?.usedPorts, tc.want);
      assert.equal(snapshot.nodes[1]?.usedPorts, undefined);
    });
  }
});
