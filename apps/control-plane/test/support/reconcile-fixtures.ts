// Plain-data builders for the reconciler's pure specs: nodes, workloads (validated, so every
// default is what the API would store) and instances in any state.
import {
  INSTANCE_KIND,
  INSTANCE_STOP_FINALIZER,
  NODE_KIND,
  validateWorkload,
  type Condition,
  type InstanceObject,
  type InstanceState,
  type NodeObject,
  type Workload,
  type WorkloadSpecInput,
} from '@mosaic/api';

export const NOW = Date.parse('2030-01-01T00:00:00.000Z');
export const iso = (ms: number) => new Date(ms).toISOString();
export const GRACE_MS = 30_000;

export interface NodeFixture {
  labels?: Record<string, string>;
  state?: 'Ready' | 'NotReady';
  /** ms before NOW the node stopped being Ready (with state NotReady). */
  notReadyForMs?: number;
  cpuMillis?: number;
  memoryMi?: number;
  runtimes?: ('service' | 'wasm' | 'function' | 'ebpf')[];
  unschedulable?: boolean;
}

export function node(name: string, f: NodeFixture = {}): NodeObject {
  const state = f.state ?? (f.notReadyForMs !== undefined ? 'NotReady' : 'Ready');
  const since = iso(NOW - (f.notReadyForMs ?? 3_600_000));
  const ready: Condition = { type: 'Ready', status: state === 'Ready' ? 'True' : 'False', reason: 'Test', message: '', lastTransitionTime: since };
  return {
    apiVersion: 'mosaic.dev/v1',
    kind: NODE_KIND,
    metadata: { name, namespace: '', labels: f.labels ?? {}, uid: `uid-${name}`, creationTimestamp: iso(NOW - 86_400_000) },
    spec: f.unschedulable ? { unschedulable: true } : {},
    status: {
      state,
      arch: 'amd64',
      kernelVersion: '6.1.0-18-amd64',
      btf: true,
      canLoadBpf: false,
      runtimes: f.runtimes ?? ['service', 'wasm'],
      capacity: { cpuMillis: f.cpuMillis ?? 4000, memoryBytes: (f.memoryMi ?? 8192) * 2 ** 20 },
      agentVersion: 'test',
      lastHeartbeatTime: state === 'Ready' ? iso(NOW - 1000) : since,
      conditions: [ready],
    },
  };
}

/** A stored workload: validated (defaults filled), with uid and generation. */
export function workload(name: string, spec: Partial<WorkloadSpecInput> = {}, meta: { namespace?: string; deleting?: boolean; generation?: number } = {}): Workload {
  const w = validateWorkload({
    apiVersion: 'mosaic.dev/v1',
    kind: 'Workload',
    metadata: { name, namespace: meta.namespace ?? 'shop' },
    spec: { runtime: 'service', service: { command: ['node', 'server.js'] }, resources: { cpu: '100m', memory: '64Mi' }, ...spec },
  });
  w.metadata.uid = `uid-${name}`;
  w.metadata.generation = meta.generation ?? 1;
  if (meta.deleting) w.metadata.deletionTimestamp = iso(NOW - 1000);
  return w;
}

export interface InstanceFixture {
  state?: InstanceState;
  restarts?: number;
  crashLoop?: boolean;
  unhealthy?: boolean;
  stopping?: boolean;
  /** ms before NOW it was created (newer instances are stopped first). */
  ageMs?: number;
  uid?: string;
}

let counter = 0;

export function instance(w: Workload, revision: number, nodeName: string, f: InstanceFixture = {}, name?: string): InstanceObject {
  const id = name ?? `${w.metadata.name}-${revision}-${String(counter++).padStart(5, '0')}`;
  const conditions: Condition[] = [];
  if (f.crashLoop) conditions.push({ type: 'CrashLoop', status: 'True', reason: 'CrashLoopBackOff', message: 'back-off 40s', lastTransitionTime: iso(NOW) });
  if (f.unhealthy) conditions.push({ type: 'Healthy', status: 'False', reason: 'Unhealthy', message: 'GET /healthz: 500', lastTransitionTime: iso(NOW) });
  return {
    apiVersion: 'mosaic.dev/v1',
    kind: INSTANCE_KIND,
    metadata: {
      name: id,
      namespace: w.metadata.namespace,
      uid: `uid-${id}`,
      finalizers: [INSTANCE_STOP_FINALIZER],
      creationTimestamp: iso(NOW - (f.ageMs ?? 60_000)),
      ...(f.stopping ? { deletionTimestamp: iso(NOW - 500) } : {}),
    },
    spec: { workload: w.metadata.name, workloadUid: f.uid ?? w.metadata.uid!, revision, node: nodeName, runtime: w.spec.runtime, template: w.spec },
    ...(f.state === undefined
      ? {}
      : { status: { state: f.state, restarts: f.restarts ?? 0, updatedAt: iso(NOW), ...(conditions.length ? { conditions } : {}) } }),
  };
}

/** `count` instances in `state`, round-robin over `nodes`. */
export function instances(w: Workload, revision: number, nodes: string[], count: number, f: InstanceFixture = {}): InstanceObject[] {
  return Array.from({ length: count }, (_, i) => instance(w, revision, nodes[i % nodes.length]!, f));
}
