import { existsSync } from 'node:fs';
import type { ClusterState, ComponentRecord } from './cluster-state.js';
import { checkHealth } from './health.js';
import { readAdminCredentials, type AdminCredentials } from './kube-rest.js';
import type { StatePaths } from './paths.js';
import { isOurProcess } from './processes.js';

/** The observed state of one component. */
export interface ComponentHealth {
  readonly name: string;
  readonly pid: number;
  readonly running: boolean;
  /** true, or why not. */
  readonly healthy: true | string;
  readonly logPath: string;
}

export function adminCredentialsIfPresent(paths: StatePaths): AdminCredentials | undefined {
  return existsSync(`${paths.pki}/admin.key`) ? readAdminCredentials(paths.pki) : undefined;
}

export async function componentHealth(component: ComponentRecord, admin: AdminCredentials | undefined): Promise<ComponentHealth> {
  const running = isOurProcess(component.pid, component.binary);
  const healthy = running ? await checkHealth(component.health, admin) : 'not running';
  return { name: component.name, pid: component.pid, running, healthy, logPath: component.logPath };
}

/** Health of every recorded component, in start order. */
export async function clusterHealth(state: ClusterState, paths: StatePaths): Promise<ComponentHealth[]> {
  const admin = adminCredentialsIfPresent(paths);
  return Promise.all(state.components.map((component) => componentHealth(component, admin)));
}

export function allHealthy(state: ClusterState, health: readonly ComponentHealth[]): boolean {
  return state.ready && health.length === state.components.length && health.every((h) => h.healthy === true);
}
