// Seeded random clusters and requests for the reference comparison spec.
import type { PlacementSpec } from '@mosaic/api';
import type { NodeSnapshot, Taint } from '../src/framework/cluster-snapshot.js';
import type { Placement } from '../src/framework/scheduling-request.js';
import { GI, makeNode, makeSpec } from './fixtures.js';

/** mulberry32: a small seeded PRNG, so the generated cases are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateCase(seed: number) {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const zones = ['a', 'b', 'c', 'd'].slice(0, 1 + Math.floor(rnd() * 4));
  const nodes: NodeSnapshot[] = Array.from({ length: 3 + Math.floor(rnd() * 30) }, (_, i) => {
    const labels: Record<string, string> = { disk: pick(['ssd', 'hdd']), cores: String(pick([4, 8, 16, 32])) };
    if (rnd() < 0.9) labels['zone'] = pick(zones);
    const taints: Taint[] = [];
    if (rnd() < 0.15) taints.push({ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' });
    if (rnd() < 0.15) taints.push({ key: 'spot', effect: 'PreferNoSchedule' });
    const cpu = pick([1000, 2000, 4000]);
    const memory = pick([2, 4, 8]) * GI;
    return makeNode(`n${String(i).padStart(2, '0')}`, {
      labels,
      taints,
      ready: rnd() < 0.95,
      arch: rnd() < 0.2 ? 'arm64' : 'amd64',
      capacity: { cpuMillis: cpu, memoryBytes: memory },
      allocated: { cpuMillis: Math.floor(rnd() * cpu * 0.8), memoryBytes: Math.floor(rnd() * memory * 0.8) },
    });
  });
  const placement: Partial<PlacementSpec> = {};
  if (rnd() < 0.6) placement.spread = { topologyKey: 'zone', maxSkew: 1 + Math.floor(rnd() * 3) };
  if (rnd() < 0.2) placement.nodeSelector = { disk: 'ssd' };
  const affinity: NonNullable<PlacementSpec['affinity']> = [];
  if (rnd() < 0.3) affinity.push({ key: 'cores', operator: 'Gt', values: ['4'] });
  if (rnd() < 0.5) affinity.push({ key: 'disk', operator: 'In', values: ['ssd'], weight: 1 + Math.floor(rnd() * 100) });
  if (rnd() < 0.3) affinity.push({ key: 'zone', operator: 'NotIn', values: ['a'], weight: 1 + Math.floor(rnd() * 100) });
  if (affinity.length > 0) placement.affinity = affinity;
  if (rnd() < 0.3) placement.tolerations = [{ key: 'dedicated', operator: 'Exists' }];
  if (rnd() < 0.2) placement.arch = ['amd64'];
  const spec = makeSpec({ cpu: pick(['100m', '250m', '500m', '1']), memory: pick(['128Mi', '256Mi', '1Gi']), placement });
  const existing: Placement[] = [];
  for (let i = 0; i < Math.floor(rnd() * 4); i++) existing.push({ instanceIndex: i * 2, node: pick(nodes).name });
  const instances = 1 + Math.floor(rnd() * 30);
  // Drawn last, so the cases above stay what they were: a static host port, held on some nodes.
  if (rnd() < 0.25) {
    const held = nodes.map((n) => (rnd() < 0.3 ? { ...n, usedPorts: { TCP: [8080] } } : n));
    return { nodes: held, spec: { ...spec, service: { ports: [{ port: 8080, protocol: 'TCP' as const }] } }, existing, instances, key: `ns/w${seed}` };
  }
  return { nodes, spec, existing, instances, key: `ns/w${seed}` };
}

