/**
 * Mocha global fixture: brings the test cluster up through tools/k8s-test-cluster
 * (reusing its binary cache, and a cluster that is already up) and takes it down
 * afterwards if this run started it. Set MOSAIC_K8S_KEEP_CLUSTER=1 to keep it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A cold build on a fresh 2-core machine takes ~9 minutes; leave room, but never hang. */
const UP_TIMEOUT_MS = 50 * 60_000;
const DOWN_TIMEOUT_MS = 2 * 60_000;

let startedByUs = false;

export async function mochaGlobalSetup(): Promise<void> {
  const status = await runTool(['status'], 60_000);
  const up = await runTool(['up'], UP_TIMEOUT_MS, 'inherit');
  if (up.code !== 0) throw new Error(`k8s-test-cluster up failed (exit ${up.code}); its output is above`);
  const kubeconfig = up.stdout.trim().split('\n').pop() ?? '';
  if (!existsSync(kubeconfig)) throw new Error(`k8s-test-cluster up printed no kubeconfig path (got "${kubeconfig}")`);
  startedByUs = status.code !== 0;
  process.env['MOSAIC_IT_KUBECONFIG'] = kubeconfig;
}

export async function mochaGlobalTeardown(): Promise<void> {
  if (!startedByUs || process.env['MOSAIC_K8S_KEEP_CLUSTER'] === '1') return;
  const down = await runTool(['down'], DOWN_TIMEOUT_MS, 'inherit');
  if (down.code !== 0) throw new Error(`k8s-test-cluster down failed (exit ${down.code})`);
}

/** The admin kubeconfig of the running test cluster. */
export function testKubeconfigPath(): string {
  const path = process.env['MOSAIC_IT_KUBECONFIG'];
  if (path === undefined) throw new Error('the cluster fixture did not run (MOSAIC_IT_KUBECONFIG unset)');
  return path;
}

function workspaceRoot(): string {
  let dir = process.cwd();
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${process.cwd()}`);
    dir = parent;
  }
  return dir;
}

function runTool(args: string[], timeoutMs: number, stderr: 'inherit' | 'ignore' = 'ignore'): Promise<{ code: number; stdout: string }> {
  const root = workspaceRoot();
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const cli = join(root, 'tools', 'k8s-test-cluster', 'src', 'cli.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [cli, ...args], { cwd: root, stdio: ['ignore', 'pipe', stderr] });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== null) reject(new Error(`k8s-test-cluster ${args.join(' ')} killed by ${signal} (timeout ${timeoutMs} ms?)`));
      else resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}
