import assert from 'node:assert/strict';
import { validateWorkload, type Workload } from '@mosaic/api';
import { parse } from 'yaml';
import { renderWorkloads, type RenderOptions } from './render-workloads.js';

const now = new Date('2025-01-01T01:00:00Z');

function workload(name: string, extra: { namespace?: string; runtime?: 'service' | 'wasm'; labels?: Record<string, string>; status?: Workload['status'] } = {}): Workload {
  const runtime = extra.runtime ?? 'service';
  const section = runtime === 'service' ? { service: { command: ['node', 'server.js'] } } : { wasm: { module: { path: 'hello.wasm' } } };
  const w = validateWorkload({
    apiVersion: 'mosaic.dev/v1',
    kind: 'Workload',
    metadata: { name, namespace: extra.namespace ?? 'shop', ...(extra.labels ? { labels: extra.labels } : {}) },
    spec: { runtime, replicas: 2, ...section },
  });
  w.metadata.creationTimestamp = '2025-01-01T00:55:00Z';
  w.metadata.generation = 3;
  if (extra.status) w.status = extra.status;
  return w;
}

const running = workload('checkout', {
  labels: { app: 'checkout', tier: 'web' },
  status: {
    phase: 'Running',
    instances: [
      { id: 'i1', node: 'node-b', revision: 1, state: 'Running', restarts: 0, ports: [{ name: 'http', port: 41000, protocol: 'TCP' }] },
      { id: 'i2', node: 'node-a', revision: 1, state: 'Starting', restarts: 0 },
    ],
  },
});
const fresh = workload('hello', { namespace: 'edge', runtime: 'wasm' });
const base: RenderOptions = { format: 'table', allNamespaces: false, single: false, now, resourceVersion: '42' };

describe('renderWorkloads', () => {
  const cases: { name: string; items: Workload[]; opts: Partial<RenderOptions>; want: string }[] = [
    {
      name: 'table: NAME RUNTIME REPLICAS PHASE AGE',
      items: [running, fresh],
      opts: {},
      want: ['NAME       RUNTIME   REPLICAS   PHASE     AGE', 'checkout   service   1/2        Running   5m', 'hello      wasm      0/2        Pending   5m', ''].join('\n'),
    },
    {
      name: 'table with -A leads with NAMESPACE',
      items: [fresh],
      opts: { allNamespaces: true },
      want: ['NAMESPACE   NAME    RUNTIME   REPLICAS   PHASE     AGE', 'edge        hello   wasm      0/2        Pending   5m', ''].join('\n'),
    },
    {
      name: 'wide adds GENERATION NODES ENDPOINTS LABELS',
      items: [running, fresh],
      opts: { format: 'wide' },
      want: [
        'NAME       RUNTIME   REPLICAS   PHASE     AGE   GENERATION   NODES           ENDPOINTS              LABELS',
        'checkout   service   1/2        Running   5m    3            node-a,node-b   http=127.0.0.1:41000   app=checkout,tier=web',
        'hello      wasm      0/2        Pending   5m    3            <none>          <none>                 <none>',
        '',
      ].join('\n'),
    },
    { name: 'table of nothing prints nothing', items: [], opts: {}, want: '' },
    { name: 'name', items: [running, fresh], opts: { format: 'name' }, want: 'workload/shop/checkout\nworkload/edge/hello\n' },
  ];
  for (const tc of cases) {
    it(tc.name, () => assert.equal(renderWorkloads(tc.items, { ...base, ...tc.opts }), tc.want));
  }

  const structured = [
    { format: 'json' as const, parse: (s: string) => JSON.parse(s) as unknown },
    { format: 'yaml' as const, parse: (s: string) => parse(s) as unknown },
  ];
  for (const tc of structured) {
    it(`${tc.format}: a list is a WorkloadList with the list's resourceVersion`, () => {
      const out = tc.parse(renderWorkloads([running, fresh], { ...base, format: tc.format })) as { kind: string; metadata: { resourceVersion: string }; items: Workload[] };
      assert.equal(out.kind, 'WorkloadList');
      assert.equal(out.metadata.resourceVersion, '42');
      assert.deepEqual(out.items, JSON.parse(JSON.stringify([running, fresh])));
    });
    it(`${tc.format}: a single object is printed bare, status included`, () => {
      const out = tc.parse(renderWorkloads([running], { ...base, format: tc.format, single: true })) as Workload;
      assert.equal(out.kind, 'Workload');
      assert.equal(out.status?.phase, 'Running');
    });
  }

  it('a function shows what its autoscaler keeps: 0/0 scaled to zero, running/live under load', () => {
    const fn = (instances: NonNullable<Workload['status']>['instances']) => {
      const w = validateWorkload({
        apiVersion: 'mosaic.dev/v1', kind: 'Workload', metadata: { name: 'resize', namespace: 'shop' },
        spec: { runtime: 'function', function: { source: { path: 'index.mjs' }, handler: 'index.handler', trigger: { queue: {} } } },
      });
      w.metadata.creationTimestamp = '2025-01-01T00:55:00Z';
      w.status = { phase: 'Running', instances: instances ?? [] };
      return renderWorkloads([w], base).split('\n')[1];
    };
    assert.match(fn([]) ?? '', /^resize\s+function\s+0\/0\s+Running/);
    assert.match(fn([
      { id: 'a', node: 'n', revision: 1, state: 'Running', restarts: 0 },
      { id: 'b', node: 'n', revision: 1, state: 'Starting', restarts: 0 },
      { id: 'c', node: 'n', revision: 1, state: 'Stopping', restarts: 0 },
    ]) ?? '', /^resize\s+function\s+1\/2\s+Running/);
  });
});
