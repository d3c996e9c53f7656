import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Everything this tool writes lives under the Mosaic cache dir, never in the repo. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['MOSAIC_CACHE_DIR'];
  return fromEnv !== undefined && fromEnv !== '' ? resolve(fromEnv) : join(homedir(), '.cache', 'mosaic');
}

export function toolCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'k8s-test-cluster');
}

/** Per-version build area: `<cache>/k8s-test-cluster/<version>/{bin,build}`. */
export interface VersionPaths {
  readonly root: string;
  readonly binDir: string;
  readonly buildDir: string;
  readonly buildLog: string;
  readonly buildLock: string;
}

export function versionPaths(kubernetesVersion: string, env: NodeJS.ProcessEnv = process.env): VersionPaths {
  const root = join(toolCacheDir(env), kubernetesVersion);
  return {
    root,
    binDir: join(root, 'bin'),
    buildDir: join(root, 'build'),
    buildLog: join(root, 'build.log'),
    buildLock: join(root, 'build.lock'),
  };
}

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(toolCacheDir(env), 'state');
}

/** The layout of one cluster's state dir. */
export interface StatePaths {
  readonly root: string;
  /** Marker that proves the dir is ours before `down` removes it. */
  readonly marker: string;
  readonly stateFile: string;
  readonly lock: string;
  readonly kubeconfig: string;
  readonly pki: string;
  readonly kubeconfigs: string;
  readonly logs: string;
  readonly pids: string;
  readonly etcdData: string;
  readonly kwokConfig: string;
}

export function statePaths(stateDir: string): StatePaths {
  const root = resolve(stateDir);
  return {
    root,
    marker: join(root, '.mosaic-k8s-test-cluster'),
    stateFile: join(root, 'cluster.json'),
    lock: `${root}.lock`,
    kubeconfig: join(root, 'kubeconfig'),
    pki: join(root, 'pki'),
    kubeconfigs: join(root, 'kubeconfigs'),
    logs: join(root, 'logs'),
    pids: join(root, 'pids'),
    etcdData: join(root, 'etcd'),
    kwokConfig: join(root, 'kwok.yaml'),
  };
}
