import type { pb } from '@mosaic/proto';
import { randomBytes } from 'node:crypto';

/** A namespace no other test uses, so tests never see each other's objects. */
export function uniqueNamespace(prefix = 't'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A minimal valid service workload as a proto message. */
export function serviceWorkload(namespace: string, name: string, extra: { labels?: Record<string, string>; annotations?: Record<string, string>; replicas?: number; resourceVersion?: string; command?: string[] } = {}): pb.Workload {
  return {
    apiVersion: 'mosaic.dev/v1',
    kind: 'Workload',
    metadata: {
      name,
      namespace,
      ...(extra.labels ? { labels: extra.labels } : {}),
      ...(extra.annotations ? { annotations: extra.annotations } : {}),
      ...(extra.resourceVersion ? { resourceVersion: extra.resourceVersion } : {}),
    },
    spec: {
      runtime: 'service',
      ...(extra.replicas !== undefined ? { replicas: extra.replicas } : {}),
      service: { command: extra.command ?? ['node', 'server.js'] },
    },
  };
}

/** A minimal valid wasm workload. */
export function wasmWorkload(namespace: string, name: string, labels?: Record<string, string>): pb.Workload {
  return {
    apiVersion: 'mosaic.dev/v1',
    kind: 'Workload',
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    spec: { runtime: 'wasm', wasm: { module: { path: 'app.wasm' } } },
  };
}
