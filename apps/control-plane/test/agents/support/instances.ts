import {
  API_VERSION, INSTANCE_KIND, INSTANCE_STOP_FINALIZER, NODE_LABEL, REVISION_LABEL, WORKLOAD_KIND, WORKLOAD_LABEL, isMosaicError, validateWorkload,
  type InstanceObject, type WorkloadSpec, type WorkloadSpecInput,
} from '@mosaic/api';
import type { Store } from '@mosaic/store';
import { createServer } from 'node:net';

let seq = 0;
/** A name no other test (or earlier run) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${(seq++).toString(36)}`;
}

/** A spec as the API server stores it: validated, defaults filled in. */
export function template(spec: WorkloadSpecInput): WorkloadSpec {
  return validateWorkload({ apiVersion: API_VERSION, kind: WORKLOAD_KIND, metadata: { name: 'tmpl', namespace: 'default' }, spec }).spec;
}

/**
 * The example HTTP service on `port`, health-checked (so Running means it answers); `marker`
 * is an extra argument (ignored by the server) so the test can find its process in /proc.
 */
export function serviceTemplate(port: number, marker: string, extra: Record<string, unknown> = {}): WorkloadSpec {
  return template({
    runtime: 'service',
    service: {
      command: ['node', 'examples/service/server.js', marker],
      ports: [{ name: 'http', port }],
      health: { http: { path: '/healthz', port: 'http' }, periodSeconds: 1 },
      ...extra,
    },
    resources: { cpu: '250m', memory: '32Mi' },
  });
}

/** The example WASI module: prints a greeting and a file from a read-only preopen, then exits 0. */
export function wasmTemplate(): WorkloadSpec {
  return template({
    runtime: 'wasm',
    wasm: {
      module: { path: 'examples/wasm/hello.wasm' },
      args: ['hello.wasm', '/data/greeting.txt'],
      wasi: { env: { WHO: 'agent-test' }, preopens: [{ host: 'examples/wasm/data', guest: '/data', readOnly: true }] },
      limits: { memoryPages: 64, timeoutSeconds: 10 },
    },
  });
}

/** An Instance exactly as the reconciler creates it (the contract the agent sessions rely on). */
export function instanceObject(o: { namespace: string; name: string; node: string; workload: string; spec: WorkloadSpec; revision?: number }): InstanceObject {
  const revision = o.revision ?? 1;
  return {
    apiVersion: API_VERSION,
    kind: INSTANCE_KIND,
    metadata: {
      name: o.name,
      namespace: o.namespace,
      labels: { [WORKLOAD_LABEL]: o.workload, [REVISION_LABEL]: String(revision), [NODE_LABEL]: o.node },
      finalizers: [INSTANCE_STOP_FINALIZER],
    },
    spec: { workload: o.workload, workloadUid: 'test-uid', revision, node: o.node, runtime: o.spec.runtime, template: o.spec },
  };
}

export async function readInstance(store: Store, namespace: string, name: string): Promise<InstanceObject | undefined> {
  try {
    return await store.get<InstanceObject>(INSTANCE_KIND, namespace, name);
  } catch (err) {
    if (isMosaicError(err) && err.code === 'NOT_FOUND') return undefined;
    throw err;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** GET http://127.0.0.1:port/ → body, or undefined when nothing answers. */
export async function httpGet(port: number, path = '/'): Promise<string | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(1000) });
    return await res.text();
  } catch {
    return undefined;
  }
}
