import { allHealthy, clusterHealth, type ComponentHealth } from './cluster-health.js';
import { readClusterState } from './cluster-state.js';
import { statePaths } from './paths.js';

/** Exit codes of `status`, after systemctl/LSB: 0 running, 1 degraded, 3 not running. */
export const STATUS_EXIT = { healthy: 0, degraded: 1, notRunning: 3 } as const;

/** The outcome of `status`: lines (or JSON) for stdout and the exit code. */
export interface StatusReport {
  readonly exitCode: number;
  readonly text: string;
}

export async function status(stateDir: string, json: boolean): Promise<StatusReport> {
  const paths = statePaths(stateDir);
  const state = readClusterState(paths);
  if (state === undefined) {
    const text = json ? JSON.stringify({ state: 'not-running', stateDir: paths.root }) : `not running (no cluster in ${paths.root})`;
    return { exitCode: STATUS_EXIT.notRunning, text };
  }
  const health = await clusterHealth(state, paths);
  const healthy = allHealthy(state, health);
  const anyRunning = health.some((h) => h.running);
  const overall = healthy ? 'running' : anyRunning ? 'degraded' : 'stopped';
  const exitCode = healthy ? STATUS_EXIT.healthy : anyRunning ? STATUS_EXIT.degraded : STATUS_EXIT.notRunning;
  if (json) {
    return { exitCode, text: JSON.stringify({ state: overall, ...state, health }, null, 2) };
  }
  const lines = [
    `cluster: ${overall} (Kubernetes ${state.kubernetesVersion}, kwok ${state.kwokVersion}, ${state.nodes} nodes)`,
    `server: ${state.server}`,
    `kubeconfig: ${state.kubeconfig}`,
    ...health.map(formatComponent),
  ];
  if (!state.ready) lines.push('note: `up` did not finish; run `up` again');
  return { exitCode, text: lines.join('\n') };
}

function formatComponent(h: ComponentHealth): string {
  const state = h.healthy === true ? 'healthy' : h.running ? `unhealthy: ${h.healthy}` : 'not running';
  return `${h.name.padEnd(24)} pid ${String(h.pid).padEnd(8)} ${state}  (log: ${h.logPath})`;
}
