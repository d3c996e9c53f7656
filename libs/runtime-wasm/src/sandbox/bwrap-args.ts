/** Where things appear inside the sandbox. */
export const SANDBOX_ROOT = '/mosaic';
export const SANDBOX_RUNNER = `${SANDBOX_ROOT}/runner.mjs`;
export const SANDBOX_MODULE = `${SANDBOX_ROOT}/module.wasm`;
export const SANDBOX_CONFIG = `${SANDBOX_ROOT}/config.json`;
/** Preopen `i` is mounted here; node:wasi maps its guest path onto it. */
export const sandboxPreopenPath = (i: number) => `${SANDBOX_ROOT}/preopen/${i}`;

/** A top-level host path the dynamic loader may need: a directory, or a symlink (merged /usr). */
export interface HostPathEntry {
  path: string;
  /** The link's target when `path` is a symlink (e.g. `/lib` → `usr/lib`). */
  symlinkTo?: string;
}

/** Everything a sandboxed run needs; built by the driver, turned into argv here. */
export interface SandboxPlan {
  /** Top-level system paths besides /usr (/bin, /lib, /lib64, …) as they exist on the host. */
  hostLayout: HostPathEntry[];
  /** Absolute path of the node binary (bound read-only when it lives outside /usr). */
  node: string;
  nodeArgs: string[];
  /** Host files bound read-only at SANDBOX_RUNNER / SANDBOX_MODULE / SANDBOX_CONFIG. */
  runner: string;
  module: string;
  config: string;
  preopens: { host: string; readOnly: boolean }[];
  /** Share the host network namespace (`wasi.network: true`). */
  network: boolean;
}

/** A host path made visible inside the sandbox. */
export interface SandboxBind {
  host: string;
  guest: string;
  readOnly: boolean;
}

/** A node script run in the sandbox: the generic form of {@link SandboxPlan}. */
export interface NodeSandboxPlan {
  /** Top-level system paths besides /usr (/bin, /lib, /lib64, …) as they exist on the host. */
  hostLayout: HostPathEntry[];
  /** Absolute path of the node binary (bound read-only when it lives outside /usr). */
  node: string;
  nodeArgs: string[];
  /** Bound in this order (a later bind may sit inside an earlier one). */
  binds: SandboxBind[];
  /** Share the host network namespace. */
  network: boolean;
  /** Guest path of the script node runs, and its arguments. */
  script: string;
  scriptArgs: string[];
}

/**
 * The bubblewrap argv (after the `bwrap` binary) for one node process (a WASI runner, a function host):
 *
 * - `--unshare-all` (user, ipc, pid, net, uts, cgroup namespaces); `--share-net` only when the
 *   plan asks for it (`wasi.network`);
 * - `--new-session`: no controlling terminal to inject input into (TIOCSTI);
 * - `--die-with-parent`: the sandbox dies with *its* parent, the `bwrap` process the driver
 *   started — not with the agent, which is not an ancestor (instances run in their own
 *   session under an exit-code wrapper). That is what lets the driver's SIGTERM/SIGKILL to the
 *   instance's process group reach a sandbox that lives in a session of its own; without it,
 *   killing the group would leave the sandboxed node running.
 * - `--cap-drop ALL`; an empty root with only `/usr` (+ the /lib*, /bin symlinks or binds),
 *   the loader cache, the node binary and the plan's binds (read-only unless said otherwise);
 *   `--proc`, `--dev`, a private `/tmp`;
 * - `--clearenv`: node gets no environment; a workload's env travels in its config file.
 */
export function buildNodeSandboxArgs(plan: NodeSandboxPlan): string[] {
  const args = ['--unshare-all'];
  if (plan.network) args.push('--share-net');
  args.push('--new-session', '--die-with-parent', '--cap-drop', 'ALL');
  args.push('--ro-bind', '/usr', '/usr');
  for (const entry of plan.hostLayout) {
    if (entry.symlinkTo !== undefined) args.push('--symlink', entry.symlinkTo, entry.path);
    else args.push('--ro-bind', entry.path, entry.path);
  }
  args.push('--ro-bind-try', '/etc/ld.so.cache', '/etc/ld.so.cache');
  args.push('--ro-bind-try', '/etc/ld.so.conf', '/etc/ld.so.conf');
  args.push('--ro-bind-try', '/etc/ld.so.conf.d', '/etc/ld.so.conf.d');
  if (!plan.node.startsWith('/usr/')) args.push('--ro-bind', plan.node, plan.node);
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp');
  for (const b of plan.binds) args.push(b.readOnly ? '--ro-bind' : '--bind', b.host, b.guest);
  args.push('--clearenv', '--chdir', '/');
  args.push('--', plan.node, ...plan.nodeArgs, plan.script, ...plan.scriptArgs);
  return args;
}

/** The argv for one WASI module run: {@link buildNodeSandboxArgs} with the runner's binds. */
export function buildBwrapArgs(plan: SandboxPlan): string[] {
  return buildNodeSandboxArgs({
    hostLayout: plan.hostLayout,
    node: plan.node,
    nodeArgs: plan.nodeArgs,
    binds: [
      { host: plan.runner, guest: SANDBOX_RUNNER, readOnly: true },
      { host: plan.module, guest: SANDBOX_MODULE, readOnly: true },
      { host: plan.config, guest: SANDBOX_CONFIG, readOnly: true },
      ...plan.preopens.map((p, i) => ({ host: p.host, guest: sandboxPreopenPath(i), readOnly: p.readOnly })),
    ],
    network: plan.network,
    script: SANDBOX_RUNNER,
    scriptArgs: [SANDBOX_CONFIG],
  });
}
