import assert from 'node:assert/strict';
import { KERNEL_VERSION_LABEL, nodeManifest, runtimeClassManifests, simulatedNodes, WASM_LABEL } from './nodes.js';

describe('simulated nodes', () => {
  const cases = [
    { name: 'one node', count: 1, names: ['mosaic-node-0'], wasm: 1, arm64: 0 },
    { name: 'default three', count: 3, names: ['mosaic-node-0', 'mosaic-node-1', 'mosaic-node-2'], wasm: 2, arm64: 1 },
    { name: 'six nodes', count: 6, names: undefined, wasm: 3, arm64: 2 },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const nodes = simulatedNodes(tc.count);
      assert.equal(nodes.length, tc.count);
      if (tc.names !== undefined) assert.deepEqual(nodes.map((n) => n.name), tc.names);
      assert.equal(nodes.filter((n) => n.wasm).length, tc.wasm);
      assert.equal(nodes.filter((n) => n.arch === 'arm64').length, tc.arm64);
    });
  }

  it('labels each node with arch, zone, kernel version and Wasm support', () => {
    const [first] = simulatedNodes(1);
    assert.ok(first);
    const labels = (nodeManifest(first).metadata as { labels: Record<string, string> }).labels;
    assert.equal(labels['kubernetes.io/arch'], 'amd64');
    assert.equal(labels['topology.kubernetes.io/zone'], 'zone-a');
    assert.equal(labels[KERNEL_VERSION_LABEL], '6.1.0');
    assert.equal(labels[WASM_LABEL], 'true');
  });

  it('pins the wasmtime RuntimeClass to Wasm nodes', () => {
    const [wasmtime] = runtimeClassManifests();
    assert.deepEqual(wasmtime?.['scheduling'], { nodeSelector: { [WASM_LABEL]: 'true' } });
    assert.equal(wasmtime?.['handler'], 'wasmtime');
  });
});
