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

/**
 * The bubblewrap argv (after the `bwrap` binary) for one module run:
 *
 * - `--unshare-all` (user, ipc, pid, net, uts, cgroup namespaces); `--share-net` only when the
 *   workload declared `wasi.network`;
 * - `--new-session`: no controlling terminal to inject input into (TIOCSTI);
 * - `--die-with-parent`: the sandbox dies with *its* parent, the `bwrap` process the driver
 *   started — not with the agent, which is not an ancestor (instances run in their own
 *   session under an exit-code wrapper). That is what lets the driver's SIGTERM/SIGKILL to the
 *   instance's process group reach a sandbox that lives in a session of its own; without it,
 *   killing the group would leave the sandboxed node running.
 * - `--cap-drop ALL`; an empty root with only `/usr` (+ the /lib*, /bin symlinks or binds),
 *   the loader cache, the node binary, the runner, the module, its config and the preopens;
 *   `--proc`, `--dev`, a private `/tmp`;
 * - `--clearenv`: node gets no environment; the module's env is handed to node:wasi only.
 */
export function buildBwrapArgs(plan: SandboxPlan): string[] {
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
  args.push('--ro-bind', plan.runner, SANDBOX_RUNNER, '--ro-bind', plan.module, SANDBOX_MODULE, '--ro-bind', plan.config, SANDBOX_CONFIG);
  plan.preopens.forEach((p, i) => args.push(p.readOnly ? '--ro-bind' : '--bind', p.host, sandboxPreopenPath(i)));
  args.push('--clearenv', '--chdir', '/');
  args.push('--', plan.node, ...plan.nodeArgs, SANDBOX_RUNNER, SANDBOX_CONFIG);
  return args;
}
