import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBinaries, type Binaries } from './build.js';
import { CLIENT_IDENTITIES, generatePki } from './certs.js';
import { allHealthy, clusterHealth } from './cluster-health.js';
import { readClusterState, writeClusterState, type ClusterState, type ComponentRecord } from './cluster-state.js';
import {
  clusterComponents, KWOK_CONFIG, PORT_NAMES, SERVICE_CIDR, SERVICE_IP,
  type ClusterPorts, type ComponentSpec,
} from './components.js';
import { removeStateDir } from './down.js';
import { checkHealth } from './health.js';
import { kubeJson, readAdminCredentials, type AdminCredentials } from './kube-rest.js';
import { renderKubeconfig } from './kubeconfig.js';
import { acquireLock } from './lock.js';
import { nodeManifest, nodeStatusPatch, runtimeClassManifests, simulatedNodes, SIMULATED_LABEL } from './nodes.js';
import { statePaths, toolCacheDir, versionPaths, type StatePaths } from './paths.js';
import { freeLoopbackPorts } from './ports.js';
import { ensurePrerequisites, type Prerequisites } from './prerequisites.js';
import { startProcess, type StartedProcess } from './processes.js';
import { progress, step } from './step.js';
import { stopComponents } from './stop-components.js';
import { waitFor } from './wait.js';

/** Options of `up`. */
export interface UpOptions {
  readonly stateDir: string;
  /** @defaultValue 3 */
  readonly nodes: number;
  readonly kubernetesVersion: string;
  readonly kwokVersion: string;
  /** Per `go build` invocation. */
  readonly buildTimeoutMs: number;
}

const FIELD_MANAGER = 'mosaic-k8s-test-cluster';

/**
 * Brings the cluster up (or finds it up) and returns the admin kubeconfig path.
 * Every wait is bounded; on failure the processes started so far are stopped and
 * the logs are kept in the state dir.
 */
export async function up(options: UpOptions): Promise<string> {
  const paths = statePaths(options.stateDir);
  mkdirSync(join(paths.root, '..'), { recursive: true });
  // Generous: a concurrent `up` may be doing the cold build.
  const release = await acquireLock(paths.lock, 'cluster', options.buildTimeoutMs * 2 + 10 * 60_000);
  try {
    const existing = readClusterState(paths);
    if (existing !== undefined) {
      const health = await clusterHealth(existing, paths);
      if (allHealthy(existing, health) && existing.kubernetesVersion === options.kubernetesVersion) {
        progress(`already up (${existing.server}, ${existing.nodes} nodes)`);
        return existing.kubeconfig;
      }
      progress('found a stopped or unhealthy cluster in the state dir: restarting it');
    }
    await stopComponents(paths);
    return await start(options, paths);
  } finally {
    release();
  }
}

/** `build`: prerequisites and binaries only (CI set-up warms the cache with it). Returns the bin dir. */
export async function buildOnly(options: Omit<UpOptions, 'stateDir' | 'nodes'>): Promise<string> {
  await prepareBinaries(options);
  return versionPaths(options.kubernetesVersion).binDir;
}

async function prepareBinaries(options: Omit<UpOptions, 'stateDir' | 'nodes'>): Promise<{ prerequisites: Prerequisites; binaries: Binaries }> {
  const setupLog = join(toolCacheDir(), 'setup.log');
  mkdirSync(toolCacheDir(), { recursive: true });
  const prerequisites = await step('check prerequisites (etcd, openssl, go)', () => ensurePrerequisites(setupLog), setupLog);
  const binaries = await ensureBinaries({
    kubernetesVersion: options.kubernetesVersion,
    kwokVersion: options.kwokVersion,
    paths: versionPaths(options.kubernetesVersion),
    go: prerequisites.go,
    timeoutMs: options.buildTimeoutMs,
  });
  return { prerequisites, binaries };
}

async function start(options: UpOptions, paths: StatePaths): Promise<string> {
  const { prerequisites, binaries } = await prepareBinaries(options);

  await step(`prepare state dir ${paths.root}`, () => {
    removeStateDir(paths.root, paths.marker);
    for (const dir of [paths.root, paths.pki, paths.kubeconfigs, paths.logs, paths.pids]) mkdirSync(dir, { recursive: true });
    writeFileSync(paths.marker, 'created by tools/k8s-test-cluster; `down` removes this directory\n');
    writeFileSync(paths.kwokConfig, KWOK_CONFIG);
    return Promise.resolve();
  });

  const ports = await step('choose free loopback ports', async () => {
    const chosen = await freeLoopbackPorts(PORT_NAMES.length);
    return Object.fromEntries(PORT_NAMES.map((name, i) => [name, chosen[i]])) as unknown as ClusterPorts;
  });
  const server = `https://127.0.0.1:${ports.apiServer}`;
  await step('generate certificates and service-account key (openssl)', () => generatePki(prerequisites.openssl, paths.pki, SERVICE_IP));
  await step('write kubeconfigs', () => {
    writeKubeconfigs(paths, server);
    return Promise.resolve();
  });
  const admin = readAdminCredentials(paths.pki);

  const specs = clusterComponents({ paths, ports, etcd: prerequisites.etcd, binaries, serviceCidr: SERVICE_CIDR });
  const started: ComponentRecord[] = [];
  const record = (ready: boolean): void => writeClusterState(paths, {
    kubernetesVersion: options.kubernetesVersion,
    kwokVersion: options.kwokVersion,
    server,
    kubeconfig: paths.kubeconfig,
    ports,
    nodes: options.nodes,
    startedAt: new Date().toISOString(),
    ready,
    components: started,
  } satisfies ClusterState);

  try {
    for (const spec of specs) {
      if (spec.name === 'kwok') {
        await step(`create ${options.nodes} simulated nodes and the Wasm RuntimeClass`, () => createNodes(server, admin, options));
      }
      const proc = await step(`start ${spec.name}`, () => startComponent(spec, paths, admin), logPathOf(paths, spec.name));
      started.push({ name: spec.name, pid: proc.pid, binary: spec.binary, logPath: proc.logPath, health: spec.health });
      record(false);
    }
    await step(`wait for ${options.nodes} nodes to be Ready`, () => waitNodesReady(server, admin, options.nodes), logPathOf(paths, 'kwok'));
    await step('wait for the default ServiceAccount', () => waitFor(
      { description: 'ServiceAccount default/default (created by kube-controller-manager)', timeoutMs: 90_000 },
      async () => {
        await kubeJson(server, admin, '/api/v1/namespaces/default/serviceaccounts/default');
        return true;
      },
    ), logPathOf(paths, 'kube-controller-manager'));
    record(true);
  } catch (error) {
    progress('start failed: stopping the components started so far (logs kept in ' + paths.logs + ')');
    await stopComponents(paths).catch(() => []);
    throw error;
  }
  return paths.kubeconfig;
}

function logPathOf(paths: StatePaths, name: string): string {
  return join(paths.logs, `${name}.log`);
}

async function startComponent(spec: ComponentSpec, paths: StatePaths, admin: AdminCredentials): Promise<StartedProcess> {
  const started = startProcess({
    name: spec.name,
    binary: spec.binary,
    args: spec.args,
    logPath: logPathOf(paths, spec.name),
    pidPath: join(paths.pids, `${spec.name}.pid`),
    env: { ...process.env, ...spec.env },
  });
  await waitFor(
    {
      description: `${spec.name} to be healthy at ${spec.health.url}`,
      timeoutMs: spec.startTimeoutMs,
      abortIf: () => {
        const exit = started.exited();
        return exit === undefined ? undefined : `${spec.name} ${exit}`;
      },
    },
    () => checkHealth(spec.health, admin),
  );
  return started;
}

function writeKubeconfigs(paths: StatePaths, server: string): void {
  const caPem = readFileSync(join(paths.pki, 'ca.crt'), 'utf8');
  for (const [role, identity] of Object.entries(CLIENT_IDENTITIES)) {
    const content = renderKubeconfig({
      server,
      caPem,
      clientCertPem: readFileSync(join(paths.pki, `${identity.file}.crt`), 'utf8'),
      clientKeyPem: readFileSync(join(paths.pki, `${identity.file}.key`), 'utf8'),
      user: identity.commonName,
    });
    const target = role === 'admin' ? paths.kubeconfig : join(paths.kubeconfigs, `${identity.file}.kubeconfig`);
    writeFileSync(target, content, { mode: 0o600 });
  }
}

async function createNodes(server: string, admin: AdminCredentials, options: UpOptions): Promise<void> {
  const apply = { method: 'PATCH', contentType: 'application/apply-patch+yaml' } as const;
  const query = `?fieldManager=${FIELD_MANAGER}&force=true`;
  for (const manifest of runtimeClassManifests()) {
    const name = (manifest['metadata'] as { name: string }).name;
    await kubeJson(server, admin, `/apis/node.k8s.io/v1/runtimeclasses/${name}${query}`, { ...apply, body: manifest });
  }
  const kubeletVersion = `${options.kubernetesVersion}-kwok`;
  for (const node of simulatedNodes(options.nodes)) {
    await kubeJson(server, admin, `/api/v1/nodes/${node.name}${query}`, { ...apply, body: nodeManifest(node) });
    await kubeJson(server, admin, `/api/v1/nodes/${node.name}/status`, {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: nodeStatusPatch(node, kubeletVersion),
    });
  }
}

interface NodeList {
  items: {
    metadata: { name: string };
    spec?: { taints?: { key: string }[] };
    status?: { conditions?: { type: string; status: string }[] };
  }[];
}

async function waitNodesReady(server: string, admin: AdminCredentials, count: number): Promise<void> {
  await waitFor({ description: `${count} simulated nodes Ready and untainted`, timeoutMs: 120_000, intervalMs: 500 }, async () => {
    const list = await kubeJson<NodeList>(server, admin, `/api/v1/nodes?labelSelector=${encodeURIComponent(`${SIMULATED_LABEL}=true`)}`);
    const ready = list.items.filter((node) =>
      node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true &&
      !(node.spec?.taints ?? []).some((t) => t.key.startsWith('node.kubernetes.io/')));
    return ready.length >= count ? true : `${ready.length}/${count} ready (${list.items.length} registered)`;
  });
}

export function kubeconfigPath(stateDir: string): string | undefined {
  const paths = statePaths(stateDir);
  return existsSync(paths.kubeconfig) ? paths.kubeconfig : undefined;
}
