import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { NodeSnapshot } from '../framework/cluster-snapshot.js';
import { proceed, type FilterPlugin } from '../framework/plugin.js';
import type { Placement } from '../framework/scheduling-request.js';
import { SUCCESS, unresolvable } from '../framework/status.js';
import { GI, MI, makeNode, makeRequest, makeSpec } from '../../test/fixtures.js';
import { createScheduler } from './create-scheduler.js';

const nodesOf = (placements: readonly Placement[]) => placements.map((p) => p.node);
const zoned = (name: string, zone: string, over: Partial<NodeSnapshot> = {}) => makeNode(name, { labels: { zone }, ...over });

describe('createScheduler', () => {
  describe('host ports (NodePorts)', () => {
    const staticPort = makeSpec({ ports: [{ port: 8080 }] });
    const dynamicPort = makeSpec({ ports: [{}] });

    it('places 1 of 3 replicas with a static port on one node, and says why not the rest', () => {
      const result = createScheduler().schedule(makeRequest(staticPort, 3), { nodes: [makeNode('solo')] });
      assert.deepEqual(nodesOf(result.placements), ['solo']);
      assert.equal(result.unplaced, 2);
      assert.equal(result.diagnosis?.message, '0/1 nodes available: 1 had the requested host port in use.');
    });

    it('places 3 replicas with a static port on 3 nodes, one each', () => {
      const result = createScheduler().schedule(makeRequest(staticPort, 3), { nodes: [makeNode('a'), makeNode('b'), makeNode('c')] });
      assert.equal(result.unplaced, 0);
      assert.deepEqual([...nodesOf(result.placements)].sort(), ['a', 'b', 'c']);
    });

    it('stacks 3 replicas with a dynamic port on one node', () => {
      const result = createScheduler().schedule(makeRequest(dynamicPort, 3), { nodes: [makeNode('solo')] });
      assert.deepEqual(nodesOf(result.placements), ['solo', 'solo', 'solo']);
    });

    it('avoids a node where a live instance (of any workload) holds the port', () => {
      const nodes = [makeNode('busy', { usedPorts: { TCP: [8080] } }), makeNode('free', { usedPorts: { UDP: [8080] } })];
      const result = createScheduler().schedule(makeRequest(staticPort, 2), { nodes });
      assert.deepEqual(nodesOf(result.placements), ['free']);
      assert.equal(result.diagnosis?.message, '0/2 nodes available: 2 had the requested host port in use.');
    });
  });

  describe('spread', () => {
    it('places 3 replicas spread over 3 zones in 3 zones', () => {
      const nodes = ['a', 'b', 'c'].flatMap((z) => [zoned(`${z}-1`, z), zoned(`${z}-2`, z)]);
      const spec = makeSpec({ placement: { spread: { topologyKey: 'zone', maxSkew: 1 } } });
      const result = createScheduler().schedule(makeRequest(spec, 3), { nodes });
      assert.equal(result.unplaced, 0);
      const zones = nodesOf(result.placements).map((n) => n.slice(0, 1));
      assert.deepEqual([...zones].sort(), ['a', 'b', 'c']);
    });

    it('spreads 9 replicas 3-3-3 even though bin-packing would stack them', () => {
      const nodes = ['a', 'b', 'c'].map((z) => zoned(`${z}-1`, z, { capacity: { cpuMillis: 64000, memoryBytes: 64 * GI } }));
      const spec = makeSpec({ placement: { spread: { topologyKey: 'zone', maxSkew: 1 } } });
      const result = createScheduler().schedule(makeRequest(spec, 9), { nodes });
      const perNode = new Map<string, number>();
      for (const n of nodesOf(result.placements)) perNode.set(n, (perNode.get(n) ?? 0) + 1);
      assert.deepEqual([...perNode.values()], [3, 3, 3]);
    });

    it('counts existing instances: new ones go to the zones that have none', () => {
      const nodes = [zoned('a-1', 'a'), zoned('b-1', 'b'), zoned('c-1', 'c')];
      const spec = makeSpec({ placement: { spread: { topologyKey: 'zone', maxSkew: 1 } } });
      const existing = [{ instanceIndex: 0, node: 'a-1' }];
      const result = createScheduler().schedule(makeRequest(spec, 2, existing), { nodes });
      assert.deepEqual([...nodesOf(result.placements)].sort(), ['b-1', 'c-1']);
      assert.deepEqual(result.placements.map((p) => p.instanceIndex), [1, 2]);
    });

    it('filters nodes without the topology key and says so', () => {
      const nodes = [makeNode('bare-1'), makeNode('bare-2')];
      const spec = makeSpec({ placement: { spread: { topologyKey: 'zone', maxSkew: 1 } } });
      const result = createScheduler().schedule(makeRequest(spec, 1), { nodes });
      assert.equal(result.unplaced, 1);
      assert.equal(result.diagnosis?.message, '0/2 nodes available: 2 did not have the spread topology key.');
    });

    it('holds back when one zone is full and maxSkew would be exceeded', () => {
      const tiny = { capacity: { cpuMillis: 100, memoryBytes: 8 * GI } };
      const nodes = [zoned('a-1', 'a', tiny), zoned('b-1', 'b'), zoned('c-1', 'c')];
      const spec = makeSpec({ cpu: '100m', placement: { spread: { topologyKey: 'zone', maxSkew: 1 } } });
      const result = createScheduler().schedule(makeRequest(spec, 5), { nodes });
      // 1 per zone, then a is full: b and c may each take one more (skew 1), then nothing.
      assert.equal(result.placements.length, 5);
      const again = createScheduler().schedule(makeRequest(spec, 6), { nodes });
      assert.equal(again.unplaced, 1);
      assert.equal(again.diagnosis?.message, '0/3 nodes available: 2 would exceed maxSkew, 1 insufficient cpu.');
    });

    it('does not let a zone the workload cannot use hold the others back', () => {
      const nodes = [zoned('a-1', 'a'), zoned('b-1', 'b'), zoned('c-1', 'c', { ready: false })];
      const spec = makeSpec({ placement: { spread: { topologyKey: 'zone', maxSkew: 1 } } });
      const result = createScheduler().schedule(makeRequest(spec, 4), { nodes });
      assert.equal(result.unplaced, 0);
      assert.deepEqual([...nodesOf(result.placements)].sort(), ['a-1', 'a-1', 'b-1', 'b-1']);
    });

    it('spreads over hostnames (one domain per node)', () => {
      const nodes = Array.from({ length: 6 }, (_, i) => makeNode(`n${i}`, { labels: { host: `n${i}` } }));
      const spec = makeSpec({ placement: { spread: { topologyKey: 'host', maxSkew: 1 } } });
      const result = createScheduler().schedule(makeRequest(spec, 12), { nodes });
      const perNode = new Map<string, number>();
      for (const n of nodesOf(result.placements)) perNode.set(n, (perNode.get(n) ?? 0) + 1);
      assert.deepEqual([...perNode.values()], [2, 2, 2, 2, 2, 2]);
    });
  });

  describe('diagnosis', () => {
    const fiveNodes = [
      makeNode('ssd-1', { labels: { disk: 'ssd' }, capacity: { cpuMillis: 4000, memoryBytes: 512 * MI } }),
      makeNode('ssd-2', { labels: { disk: 'ssd' }, capacity: { cpuMillis: 4000, memoryBytes: 512 * MI } }),
      makeNode('ssd-3', { labels: { disk: 'ssd' }, capacity: { cpuMillis: 4000, memoryBytes: 4 * GI }, allocated: { cpuMillis: 0, memoryBytes: 3.5 * GI } }),
      makeNode('hdd-1', { labels: { disk: 'hdd' } }),
      makeNode('hdd-2', { labels: { disk: 'hdd' } }),
    ];
    const spec = makeSpec({ memory: '1Gi', placement: { nodeSelector: { disk: 'ssd' } } });

    it('explains an unschedulable workload, most frequent reason first', () => {
      const result = createScheduler().schedule(makeRequest(spec, 2), { nodes: fiveNodes });
      assert.deepEqual(result.placements, []);
      assert.equal(result.unplaced, 2);
      assert.equal(result.diagnosis?.message, '0/5 nodes available: 3 insufficient memory, 2 did not match nodeSelector.');
      assert.deepEqual(result.diagnosis?.counts, [
        { reason: 'insufficient memory', nodes: 3 },
        { reason: 'did not match nodeSelector', nodes: 2 },
      ]);
    });

    it('becomes schedulable when a matching node is added', () => {
      const nodes = [...fiveNodes, makeNode('ssd-4', { labels: { disk: 'ssd' } })];
      const result = createScheduler().schedule(makeRequest(spec, 2), { nodes });
      assert.deepEqual(result, {
        placements: [{ instanceIndex: 0, node: 'ssd-4' }, { instanceIndex: 1, node: 'ssd-4' }],
        unplaced: 0,
      });
    });

    it('reports the first failing filter of each node, and both resources when both are short', () => {
      const nodes = [
        makeNode('down', { ready: false, labels: { disk: 'hdd' } }),
        makeNode('cordoned', { schedulable: false }),
        makeNode('small', { capacity: { cpuMillis: 10, memoryBytes: MI } }),
        makeNode('no-wasm', { runtimes: ['service'] }),
        makeNode('arm', { arch: 'arm64' }),
      ];
      const wasm = makeSpec({ runtime: 'wasm', placement: { arch: ['amd64'] } });
      const result = createScheduler().schedule(makeRequest(wasm, 1), { nodes });
      assert.equal(result.diagnosis?.message,
        '0/5 nodes available: 1 did not match arch, 1 did not support the runtime, 1 insufficient cpu, 1 insufficient memory, 1 marked unschedulable, 1 not ready.');
    });

    it('rejects an unreadable kernel range for every node without counting', () => {
      const probe = makeSpec({ kernel: 'latest' });
      const result = createScheduler().schedule(makeRequest(probe, 1), { nodes: fiveNodes });
      assert.equal(result.unplaced, 1);
      assert.equal(result.diagnosis?.message, '0/5 nodes available: invalid kernel version range "latest".');
    });

    it('rejects unparseable resource quantities', () => {
      const bad = makeSpec({ cpu: 'lots' });
      const result = createScheduler().schedule(makeRequest(bad, 1), { nodes: fiveNodes });
      assert.equal(result.diagnosis?.message, '0/5 nodes available: invalid resource requests (cpu "lots", memory "64Mi").');
    });

    it('says so when the cluster is empty', () => {
      const result = createScheduler().schedule(makeRequest(makeSpec(), 1), { nodes: [] });
      assert.deepEqual(result, { placements: [], unplaced: 1, diagnosis: { message: '0/0 nodes available.', counts: [] } });
    });
  });

  describe('resources', () => {
    it('does not double-book a node within one call', () => {
      // Each node fits exactly two 1-core instances.
      const nodes = [makeNode('n1', { capacity: { cpuMillis: 2000, memoryBytes: 8 * GI } }), makeNode('n2', { capacity: { cpuMillis: 2000, memoryBytes: 8 * GI } })];
      const spec = makeSpec({ cpu: '1' });
      const result = createScheduler().schedule(makeRequest(spec, 5), { nodes });
      assert.equal(result.placements.length, 4);
      assert.equal(nodesOf(result.placements).filter((n) => n === 'n1').length, 2);
      assert.equal(nodesOf(result.placements).filter((n) => n === 'n2').length, 2);
      assert.equal(result.unplaced, 1);
      assert.equal(result.diagnosis?.message, '0/2 nodes available: 2 insufficient cpu.');
    });

    it('counts what is already allocated', () => {
      const nodes = [makeNode('busy', { allocated: { cpuMillis: 3500, memoryBytes: 0 } }), makeNode('idle')];
      const result = createScheduler().schedule(makeRequest(makeSpec({ cpu: '1' }), 1), { nodes });
      assert.deepEqual(nodesOf(result.placements), ['idle']);
    });

    it('bin-packs by default: replicas stack on the fullest node that fits', () => {
      const nodes = [makeNode('empty'), makeNode('half', { allocated: { cpuMillis: 2000, memoryBytes: 4 * GI } })];
      const result = createScheduler().schedule(makeRequest(makeSpec({ cpu: '500m', memory: '1Gi' }), 4), { nodes });
      assert.deepEqual(nodesOf(result.placements), ['half', 'half', 'half', 'half']);
    });

    it('spreads load with LeastAllocated', () => {
      // After four instances 'empty' still scores 37.5 against 'half''s 36.25; after five, 25.
      const nodes = [makeNode('empty'), makeNode('half', { allocated: { cpuMillis: 2100, memoryBytes: 4 * GI } })];
      const scheduler = createScheduler({ resourceScoring: 'LeastAllocated' });
      const result = scheduler.schedule(makeRequest(makeSpec({ cpu: '500m', memory: '1Gi' }), 6), { nodes });
      assert.deepEqual(nodesOf(result.placements), ['empty', 'empty', 'empty', 'empty', 'empty', 'half']);
    });
  });

  describe('scores', () => {
    it('follows preferred affinity', () => {
      const nodes = [makeNode('hdd', { labels: { disk: 'hdd' } }), makeNode('ssd', { labels: { disk: 'ssd' } })];
      const spec = makeSpec({ placement: { affinity: [{ key: 'disk', operator: 'In', values: ['ssd'], weight: 50 }] } });
      assert.deepEqual(nodesOf(createScheduler().schedule(makeRequest(spec, 1), { nodes }).placements), ['ssd']);
    });

    it('avoids PreferNoSchedule taints while there is a choice, and uses them when not', () => {
      const nodes = [makeNode('spot', { taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] }), makeNode('plain', { capacity: { cpuMillis: 1000, memoryBytes: 8 * GI } })];
      const result = createScheduler().schedule(makeRequest(makeSpec({ cpu: '1' }), 2), { nodes });
      assert.deepEqual(nodesOf(result.placements), ['plain', 'spot']);
    });

    it('weights can turn a score off', () => {
      const nodes = [makeNode('hdd', { labels: { disk: 'hdd' }, allocated: { cpuMillis: 3000, memoryBytes: 0 } }), makeNode('ssd', { labels: { disk: 'ssd' } })];
      const spec = makeSpec({ placement: { affinity: [{ key: 'disk', operator: 'In', values: ['ssd'], weight: 50 }] } });
      const result = createScheduler({ weights: { preferredAffinity: 0 } }).schedule(makeRequest(spec, 1), { nodes });
      assert.deepEqual(nodesOf(result.placements), ['hdd']);
    });
  });

  describe('everyNode mode', () => {
    const probe = makeSpec({ kernel: '>=5.8', btf: true, placement: { mode: 'everyNode' } });
    const nodes = [
      makeNode('new-2', { kernelVersion: '6.1.0-18-amd64' }),
      makeNode('new-1', { kernelVersion: '6.8.0' }),
      makeNode('old', { kernelVersion: '5.4.0-1103-aws' }),
      makeNode('no-btf', { btf: false }),
      makeNode('hosting'),
      makeNode('no-ebpf', { runtimes: ['service'] }),
    ];

    it('places one instance on every feasible node without one, by node name', () => {
      const result = createScheduler().schedule(makeRequest(probe, 0, [{ instanceIndex: 0, node: 'hosting' }]), { nodes });
      assert.deepEqual(result, {
        placements: [{ instanceIndex: 1, node: 'new-1' }, { instanceIndex: 2, node: 'new-2' }],
        unplaced: 0,
      });
    });

    it('ignores the instance count and spread', () => {
      const spread = makeSpec({ kernel: '>=5.8', placement: { mode: 'everyNode', spread: { topologyKey: 'zone', maxSkew: 1 } } });
      const result = createScheduler().schedule(makeRequest(spread, 1), { nodes });
      assert.deepEqual(nodesOf(result.placements), ['hosting', 'new-1', 'new-2', 'no-btf']);
    });

    it('explains why a probe runs nowhere', () => {
      const result = createScheduler().schedule(makeRequest(makeSpec({ kernel: '>=6.10', placement: { mode: 'everyNode' } }), 0), { nodes });
      assert.equal(result.placements.length, 0);
      assert.equal(result.unplaced, 0);
      assert.equal(result.diagnosis?.message, '0/6 nodes available: 5 did not satisfy the kernel version range, 1 did not support the runtime.');
    });
  });

  describe('determinism', () => {
    const cluster = Array.from({ length: 40 }, (_, i) =>
      makeNode(`node-${String(i).padStart(2, '0')}`, {
        labels: { zone: `z${i % 4}`, disk: i % 3 === 0 ? 'ssd' : 'hdd' },
        allocated: { cpuMillis: (i * 37) % 2000, memoryBytes: ((i * 53) % 4) * GI },
        taints: i % 7 === 0 ? [{ key: 'spot', effect: 'PreferNoSchedule' }] : [],
      }),
    );
    const spec = makeSpec({
      cpu: '300m', memory: '512Mi',
      placement: { spread: { topologyKey: 'zone', maxSkew: 2 }, affinity: [{ key: 'disk', operator: 'In', values: ['ssd'], weight: 20 }] },
    });

    it('gives the same result for the same input, from fresh and reused schedulers', () => {
      const scheduler = createScheduler();
      const first = scheduler.schedule(makeRequest(spec, 25), { nodes: cluster });
      scheduler.schedule(makeRequest(makeSpec(), 3), { nodes: cluster.slice(0, 5) }); // different work in between
      const second = scheduler.schedule(makeRequest(spec, 25), { nodes: cluster });
      const fresh = createScheduler().schedule(makeRequest(spec, 25), { nodes: cluster });
      assert.deepEqual(second, first);
      assert.deepEqual(fresh, first);
    });

    it('does not depend on the order of the nodes', () => {
      const reversed = [...cluster].reverse();
      const shuffled = cluster.map((n, i) => ({ n, k: (i * 7919) % 41 })).sort((a, b) => a.k - b.k).map((x) => x.n);
      const want = createScheduler().schedule(makeRequest(spec, 25), { nodes: cluster });
      assert.deepEqual(createScheduler().schedule(makeRequest(spec, 25), { nodes: reversed }), want);
      assert.deepEqual(createScheduler().schedule(makeRequest(spec, 25), { nodes: shuffled }), want);
    });

    it('breaks ties by a per-workload hash, so equal nodes are not all picked in name order', () => {
      const equal = Array.from({ length: 10 }, (_, i) => makeNode(`same-${i}`));
      const chosen = new Set<string>();
      for (let w = 0; w < 20; w++) {
        const result = createScheduler().schedule(makeRequest(makeSpec(), 1, [], `ns/workload-${w}`), { nodes: equal });
        chosen.add(result.placements[0]?.node ?? '');
      }
      assert.ok(chosen.size >= 5, `only ${chosen.size} distinct nodes chosen`);
    });

    it('never mutates the snapshot', () => {
      const frozen = cluster.map((n) => Object.freeze({ ...n, labels: Object.freeze({ ...n.labels }), allocated: Object.freeze({ ...n.allocated }) }));
      const snapshot = Object.freeze({ nodes: Object.freeze(frozen) });
      const before = JSON.stringify(snapshot);
      createScheduler().schedule(makeRequest(spec, 25), snapshot);
      assert.equal(JSON.stringify(snapshot), before);
    });
  });

  describe('plugins', () => {
    it('runs a custom filter, and its rejection reaches the diagnosis', () => {
      const evenOnly: FilterPlugin<number> = {
        name: 'EvenOnly',
        scope: 'static',
        preFilter: () => proceed(2),
        filter: (_ctx, { node }, divisor) => (Number(node.name.slice(1)) % divisor === 0 ? SUCCESS : unresolvable('was odd')),
      };
      const nodes = [makeNode('n1'), makeNode('n2'), makeNode('n3')];
      const scheduler = createScheduler({ filters: [evenOnly] });
      assert.deepEqual(nodesOf(scheduler.schedule(makeRequest(makeSpec(), 1), { nodes }).placements), ['n2']);
      assert.equal(scheduler.schedule(makeRequest(makeSpec(), 1), { nodes: [makeNode('n1')] }).diagnosis?.message, '0/1 nodes available: 1 was odd.');
    });

    it('lists its plugins in order', () => {
      const scheduler = createScheduler();
      assert.deepEqual(scheduler.filters.map((p) => p.name), [
        'NodeReady', 'RuntimeAvailable', 'NodeArch', 'NodeSelector', 'NodeAffinity', 'TaintToleration',
        'KernelVersion', 'Btf', 'NodePorts', 'NodeResourcesFit', 'TopologySpread',
      ]);
      assert.deepEqual(scheduler.scores.map((p) => [p.name, p.weight]), [
        ['TopologySpreadScore', 2], ['MostAllocated', 1], ['PreferredAffinity', 2], ['TaintPreferNoSchedule', 3],
      ]);
      assert.equal(createScheduler({ resourceScoring: 'LeastAllocated' }).scores[1]?.name, 'LeastAllocated');
    });

    it('refuses two plugins with one name', () => {
      const p: FilterPlugin = { name: 'Same', scope: 'static', filter: () => SUCCESS };
      assert.throws(() => createScheduler({ filters: [p, p] }), /duplicate filter plugin name "Same"/);
    });
  });

  describe('instances', () => {
    it('places nothing and explains nothing for zero instances', () => {
      assert.deepEqual(createScheduler().schedule(makeRequest(makeSpec(), 0), { nodes: [makeNode('n')] }), { placements: [], unplaced: 0 });
    });

    it('fills instance-index holes left by existing instances', () => {
      const existing = [{ instanceIndex: 0, node: 'n' }, { instanceIndex: 2, node: 'n' }];
      const result = createScheduler().schedule(makeRequest(makeSpec(), 3, existing), { nodes: [makeNode('n')] });
      assert.deepEqual(result.placements.map((p) => p.instanceIndex), [1, 3, 4]);
    });
  });
});
