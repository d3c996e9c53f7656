// Host ports through the whole pipeline on ONE agent: the hello example (a dynamic port) runs
// all 3 replicas side by side, each answering on the port it reported; a static port fits once
// per node, and the rest are unschedulable with the NodePorts reason.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWorkloadYaml, workloadToProto, type Workload } from '@mosaic/api';
import type { pb } from '@mosaic/proto';
import { PipelineCluster, REPO_ROOT, freePort } from './support/pipeline-cluster.js';

async function fetchText(port: number, path = '/'): Promise<string | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2000) });
    return await res.text();
  } catch {
    return undefined;
  }
}

describe('pipeline: host ports on one agent', function () {
  this.timeout(120_000);
  const ns = 'hostports';
  let cluster: PipelineCluster;
  before(async () => {
    cluster = await new PipelineCluster().start();
    await cluster.startAgent('solo', { zone: 'a' });
  });
  after(() => cluster?.close());

  const running = (w: Workload | undefined) => (w?.status?.instances ?? []).filter((i) => i.state === 'Running');

  it('runs the hello example (dynamic port) 3 times on one node, each answering on its reported port', async () => {
    const [doc] = parseWorkloadYaml(readFileSync(join(REPO_ROOT, 'examples/service-hello.yaml'), 'utf8'), 'service-hello.yaml');
    const hello = doc!.workload;
    assert.equal(hello.spec.replicas, 3);
    assert.equal(hello.spec.service?.ports?.[0]?.port, undefined, 'the example asks for a dynamic port');
    hello.metadata.namespace = ns;
    await cluster.apply(workloadToProto(hello));

    const w = await cluster.until('3 instances Running with ports', async () => {
      const got = await cluster.get(ns, 'hello');
      return running(got).length === 3 && running(got).every((i) => i.ports?.length === 1) && got;
    }, 60_000);
    const instances = running(w);
    assert.deepEqual(instances.map((i) => i.node), ['solo', 'solo', 'solo']);
    const ports = instances.map((i) => i.ports![0]!);
    for (const p of ports) assert.equal(p.name, 'http');
    assert.equal(new Set(ports.map((p) => p.port)).size, 3, `distinct ports: ${JSON.stringify(ports)}`);
    for (const [k, i] of instances.entries()) {
      const body = await fetchText(ports[k]!.port);
      assert.match(body ?? '', /^hello from mosaic \(pid \d+\)\n$/, `instance ${i.id} answers on ${ports[k]!.port}`);
    }
    assert.equal(w.status?.conditions?.find((c) => c.type === 'Scheduled')?.status, 'True');
    for (const i of instances) assert.equal(i.restarts, 0, `${i.id} did not crash-loop`);
  });

  it('places a static port once per node: 1 of 2 Running, Scheduled=False naming the port conflict', async () => {
    const port = await freePort();
    const fixed: pb.Workload = {
      apiVersion: 'mosaic.dev/v1',
      kind: 'Workload',
      metadata: { name: 'fixed', namespace: ns },
      spec: {
        runtime: 'service',
        replicas: 2,
        service: {
          command: ['node', 'examples/service/server.js'],
          ports: [{ name: 'http', port }],
          health: { http: { path: '/healthz', port: 'http' }, periodSeconds: 1 },
        },
        resources: { cpu: '100m', memory: '32Mi' },
      },
    };
    await cluster.apply(fixed);
    const w = await cluster.until('1 Running and Scheduled=False', async () => {
      const got = await cluster.get(ns, 'fixed');
      const scheduled = got?.status?.conditions?.find((c) => c.type === 'Scheduled');
      return running(got).length === 1 && scheduled?.status === 'False' && got;
    }, 60_000);
    const scheduled = w.status!.conditions!.find((c) => c.type === 'Scheduled')!;
    assert.equal(scheduled.reason, 'Unschedulable');
    assert.match(scheduled.message, /0\/1 nodes available: 1 had the requested host port in use/);
    assert.equal(w.status!.instances!.length, 1, 'the second instance is not created at all');
    assert.deepEqual(running(w)[0]!.ports, [{ name: 'http', port, protocol: 'TCP' }]);
    assert.equal(await fetchText(port, '/healthz'), 'ok\n');
  });
});
