import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { CoreV1Event, V1Deployment, V1PodList } from '@kubernetes/client-node';
import { ConflictError } from '@mosaic/api';
import { FieldManagerConflictError, KubernetesClient, loadKubeConfig } from '@mosaic/placement-kubernetes';
import { testKubeconfigPath } from './support/cluster-fixture.js';
import { createTestNamespace } from './support/test-namespace.js';
import { deployment, waitForRunningPods } from './support/workloads.js';

const run = promisify(execFile);
const SIMULATED_NODES = ['mosaic-node-0', 'mosaic-node-1', 'mosaic-node-2'];

describe('server-side apply against a real kube-apiserver', () => {
  let client: KubernetesClient;
  let namespace: string;
  let cleanup: () => Promise<void>;

  before(() => {
    client = new KubernetesClient(loadKubeConfig({ path: testKubeconfigPath() }));
  });
  beforeEach(async () => {
    ({ name: namespace, cleanup } = await createTestNamespace(client, 'ssa'));
  });
  afterEach(() => cleanup());

  it('a Deployment gets its pods scheduled by kube-scheduler and Running by kwok', async () => {
    await client.apply(deployment(namespace, 'checkout', 3));
    const pods = await waitForRunningPods(client, namespace, 'checkout', 3);
    for (const pod of pods) assert.ok(SIMULATED_NODES.includes(pod.spec?.nodeName ?? ''), `${pod.spec?.nodeName} is a simulated node`);
    const events = await client.list<CoreV1Event>('v1', 'Event', { namespace, fieldSelector: 'reason=Scheduled' });
    assert.ok(events.length >= 3, `kube-scheduler recorded ${events.length} Scheduled events`);
  });

  it('a second apply changing one field keeps the uid', async () => {
    const first = await client.apply(deployment(namespace, 'api', 1));
    const second = await client.apply(deployment(namespace, 'api', 2));
    assert.ok(first.metadata?.uid);
    assert.equal(second.metadata?.uid, first.metadata.uid);
    assert.equal(second.spec?.replicas, 2);
    assert.equal(second.metadata?.generation, (first.metadata.generation ?? 0) + 1);
    const managers = (second.metadata?.managedFields ?? []).filter((f) => f.operation === 'Apply').map((f) => f.manager);
    assert.deepEqual(managers, ['mosaic']);
  });

  it('a field owned by another manager is a FieldManagerConflictError unless forced', async () => {
    await client.apply(deployment(namespace, 'worker', 1));
    await client.apply(deployment(namespace, 'worker', 3), { fieldManager: 'other-team', force: true });

    const conflict = await client.apply(deployment(namespace, 'worker', 2)).then(
      () => assert.fail('apply should conflict'),
      (error: unknown) => error,
    );
    assert.ok(conflict instanceof ConflictError, 'generic conflict handling still applies');
    assert.ok(conflict instanceof FieldManagerConflictError, `got ${String(conflict)}`);
    assert.equal(conflict.code, 'ABORTED');
    assert.equal(conflict.name, 'FieldManagerConflictError');
    assert.deepEqual(conflict.conflicts, [{ manager: 'other-team', field: '.spec.replicas' }]);

    const forced = await client.apply(deployment(namespace, 'worker', 2), { force: true });
    assert.equal(forced.spec?.replicas, 2);
  });

  it('kubectl with the written kubeconfig sees the same pods', async () => {
    await client.apply(deployment(namespace, 'web', 2));
    const pods = await waitForRunningPods(client, namespace, 'web', 2);
    const { stdout } = await run('kubectl', ['--kubeconfig', testKubeconfigPath(), 'get', 'pods', '-n', namespace, '-o', 'json'], { timeout: 30_000 });
    const seen = (JSON.parse(stdout) as V1PodList).items.map((p) => `${p.metadata?.name}@${p.spec?.nodeName}:${p.status?.phase}`).sort();
    assert.deepEqual(seen, pods.map((p) => `${p.metadata?.name}@${p.spec?.nodeName}:Running`).sort());
  });

  it('the wasmtime RuntimeClass places pods on Wasm nodes only', async () => {
    await client.apply(deployment(namespace, 'wasm', 4, { runtimeClassName: 'wasmtime' }));
    const pods = await waitForRunningPods(client, namespace, 'wasm', 4);
    const wasmNodes = new Set(['mosaic-node-0', 'mosaic-node-2']);
    for (const pod of pods) {
      assert.ok(wasmNodes.has(pod.spec?.nodeName ?? ''), `${pod.metadata?.name} on ${pod.spec?.nodeName}`);
      assert.equal(pod.spec?.nodeSelector?.['mosaic.dev/wasm'], 'true');
    }
    const applied = await client.get<V1Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', namespace, name: 'wasm' });
    assert.equal(applied.spec?.template.spec?.runtimeClassName, 'wasmtime');
  });
});
