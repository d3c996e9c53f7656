import assert from 'node:assert/strict';
import type { V1Node } from '@kubernetes/client-node';
import { KubernetesClient, loadKubeConfig, NodeInventory, type InventoryNode } from '@mosaic/placement-kubernetes';
import { testKubeconfigPath } from './support/cluster-fixture.js';

const SIMULATED = 'mosaic.dev/simulated=true';

describe('NodeInventory against a real kube-apiserver', () => {
  let client: KubernetesClient;
  let inventory: NodeInventory;
  let nodes: readonly InventoryNode[];

  before(async () => {
    const kubeConfig = loadKubeConfig({ path: testKubeconfigPath() });
    client = new KubernetesClient(kubeConfig);
    inventory = new NodeInventory(kubeConfig, { labelSelector: SIMULATED });
    await inventory.start();
    nodes = await inventory.waitFor((all) => all.length >= 3 && all.every((n) => n.ready), 30_000);
  });
  after(() => inventory.stop());

  it('holds exactly the kwok nodes the API server lists', async () => {
    const listed = await client.list<V1Node>('v1', 'Node', { labelSelector: SIMULATED });
    assert.deepEqual(nodes.map((n) => n.name), listed.map((n) => n.metadata?.name ?? '').sort());
  });

  const fleet = [
    { name: 'mosaic-node-0', arch: 'amd64', zone: 'zone-a', kernel: '6.1.0', wasm: true },
    { name: 'mosaic-node-1', arch: 'amd64', zone: 'zone-b', kernel: '5.15.0', wasm: false },
    { name: 'mosaic-node-2', arch: 'arm64', zone: 'zone-c', kernel: '6.8.0', wasm: true },
  ];
  for (const tc of fleet) {
    it(`${tc.name}: ${tc.arch}, ${tc.zone}, kernel ${tc.kernel}${tc.wasm ? ', wasm' : ''}, 4 CPU / 8Gi, Ready`, () => {
      const node = inventory.node(tc.name);
      assert.ok(node, `${tc.name} is in the inventory`);
      assert.equal(node.arch, tc.arch);
      assert.equal(node.labels['topology.kubernetes.io/zone'], tc.zone);
      assert.equal(node.kernelVersion, tc.kernel);
      assert.equal(node.labels['mosaic.dev/wasm'] === 'true', tc.wasm);
      assert.deepEqual(node.allocatable, { cpuMillicores: 4000, memoryBytes: 8 * 1024 ** 3, pods: 110 });
      assert.equal(node.ready, true);
      assert.equal(node.unschedulable, false);
    });
  }

  it('follows changes through the watch', async () => {
    const probe = `v${Date.now()}`;
    const manager = { fieldManager: 'placement-kubernetes-it' };
    await client.apply({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'mosaic-node-1', labels: { 'mosaic.dev/it-probe': probe } } }, manager);
    try {
      await inventory.waitFor((all) => all.find((n) => n.name === 'mosaic-node-1')?.labels['mosaic.dev/it-probe'] === probe, 10_000);
    } finally {
      // Applying again without the label drops it: this manager owned it.
      await client.apply({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'mosaic-node-1' } }, manager);
    }
    await inventory.waitFor((all) => all.find((n) => n.name === 'mosaic-node-1')?.labels['mosaic.dev/it-probe'] === undefined, 10_000);
  });
});
