import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ClusterPorts, ComponentName, HealthCheck } from './components.js';
import type { StatePaths } from './paths.js';

/** What `up` records in `<state-dir>/cluster.json` for `status`, `down` and the next `up`. */
export interface ClusterState {
  readonly kubernetesVersion: string;
  readonly kwokVersion: string;
  readonly server: string;
  readonly kubeconfig: string;
  readonly ports: ClusterPorts;
  readonly nodes: number;
  readonly startedAt: string;
  /** False until every step of `up` finished. */
  readonly ready: boolean;
  readonly components: readonly ComponentRecord[];
}

export interface ComponentRecord {
  readonly name: ComponentName;
  readonly pid: number;
  readonly binary: string;
  readonly logPath: string;
  readonly health: HealthCheck;
}

export function readClusterState(paths: StatePaths): ClusterState | undefined {
  try {
    return JSON.parse(readFileSync(paths.stateFile, 'utf8')) as ClusterState;
  } catch {
    return undefined;
  }
}

export function writeClusterState(paths: StatePaths, state: ClusterState): void {
  const tmp = `${paths.stateFile}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  renameSync(tmp, paths.stateFile);
}
