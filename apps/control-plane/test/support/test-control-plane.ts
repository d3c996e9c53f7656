import { pino } from 'pino';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type ControlPlane, type ControlPlaneOptions } from '../../src/index.js';
import { workloadClient, type WorkloadClient } from './grpc-client.js';

export interface TestControlPlane {
  controlPlane: ControlPlane;
  client: WorkloadClient;
  stateDir: string;
  /** Stops the server, closes the client and removes the state directory. */
  close(): Promise<void>;
}

/** A temp directory removed by the returned cleanup. */
export function tempDir(prefix = 'mosaic-cp-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * A real control plane (SQLite file in a temp dir, port 0) and a raw client to it. The
 * reconciler is off unless asked for: these suites test the API, whose store revisions and
 * objects a reconciler would write to in the background.
 */
export async function startTestControlPlane(options: ControlPlaneOptions = {}): Promise<TestControlPlane> {
  const dir = tempDir();
  const controlPlane = await startControlPlane({
    stateDir: dir.path,
    listen: '127.0.0.1:0',
    logger: pino({ level: process.env['MOSAIC_TEST_LOG_LEVEL'] ?? 'silent' }),
    reconcile: false,
    ...options,
  });
  const client = workloadClient(controlPlane.address);
  return {
    controlPlane,
    client,
    stateDir: dir.path,
    close: async () => {
      client.close();
      await controlPlane.stop();
      dir.remove();
    },
  };
}
