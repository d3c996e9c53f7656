import type { WorkloadInput } from '../../src/index.js';

let seq = 0;

/** A namespace no other test uses, so tests never see each other's objects. */
export function uniqueNamespace(prefix = 'sdk'): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
}

/** A minimal valid service workload. */
export function serviceWorkload(namespace: string, name: string, extra: { replicas?: number; labels?: Record<string, string> } = {}): WorkloadInput {
  return {
    apiVersion: 'mosaic.dev/v1',
    kind: 'Workload',
    metadata: { name, namespace, ...(extra.labels ? { labels: extra.labels } : {}) },
    spec: { runtime: 'service', replicas: extra.replicas ?? 1, service: { command: ['node', 'server.js'] } },
  };
}
