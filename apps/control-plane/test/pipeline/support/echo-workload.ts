import type { pb } from '@mosaic/proto';
import { fileURLToPath } from 'node:url';

export const ECHO_SERVER = fileURLToPath(new URL('../fixtures/echo-server.mjs', import.meta.url));

export interface EchoOptions {
  replicas?: number;
  /** Spread over this node label with maxSkew 1. */
  spreadKey?: string;
  nodeSelector?: Record<string, string>;
  /** Changes the spec (a new revision) without changing behaviour. */
  version?: string;
  memory?: string;
  rollout?: { maxSurge?: string; maxUnavailable?: string };
}

/** A service workload running fixtures/echo-server.mjs, publishing its port under `portDir`. */
export function echoWorkload(namespace: string, name: string, portDir: string, o: EchoOptions = {}): pb.Workload {
  return {
    apiVersion: 'mosaic.dev/v1',
    kind: 'Workload',
    metadata: { name, namespace },
    spec: {
      runtime: 'service',
      replicas: o.replicas ?? 1,
      service: {
        command: [process.execPath, ECHO_SERVER],
        env: { PORT_DIR: portDir, VERSION: o.version ?? 'v1' },
        // Running (available) only once it listens: the port file is written after listen().
        health: { exec: { command: ['sh', '-c', 'test -f "$PORT_DIR/$MOSAIC_INSTANCE_ID.json"'] }, periodSeconds: 1 },
      },
      resources: { cpu: '100m', memory: o.memory ?? '32Mi' },
      placement: {
        ...(o.spreadKey ? { spread: { topologyKey: o.spreadKey, maxSkew: 1 } } : {}),
        ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      },
      ...(o.rollout ? { rollout: o.rollout } : {}),
    },
  };
}

/** GET / of an echo-server instance. */
export async function askEcho(port: number): Promise<{ instance: string; node: string; revision: number; pid: number; version: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
  return (await res.json()) as { instance: string; node: string; revision: number; pid: number; version: string };
}
