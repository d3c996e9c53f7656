import { defaultStateDir } from './paths.js';
import { KUBERNETES_VERSION, KWOK_VERSION } from './versions.js';

export const VERBS = ['up', 'down', 'status', 'kubeconfig', 'build', 'help'] as const;
export type Verb = (typeof VERBS)[number];

/** Parsed command line. */
export interface CliArgs {
  readonly verb: Verb;
  /** @defaultValue `${MOSAIC_CACHE_DIR:-~/.cache/mosaic}/k8s-test-cluster/state` */
  readonly stateDir: string;
  /** @defaultValue 3 */
  readonly nodes: number;
  /** @defaultValue {@link KUBERNETES_VERSION} */
  readonly kubernetesVersion: string;
  /** @defaultValue {@link KWOK_VERSION} */
  readonly kwokVersion: string;
  /** @defaultValue 45 minutes */
  readonly buildTimeoutMs: number;
  /** `status --json`. */
  readonly json: boolean;
}

export const USAGE = `usage: npm run k8s-test-cluster -- <verb> [options]

verbs:
  up          build (once, cached) and start etcd, kube-apiserver, kube-controller-manager,
              kube-scheduler and kwok on 127.0.0.1; prints the kubeconfig path last
  down        stop the processes 'up' started and remove the state dir
  status      report each component (exit 0 healthy, 1 degraded, 3 not running)
  kubeconfig  print the admin kubeconfig path
  build       only build (or find cached) the binaries; prints the bin dir

options:
  --state-dir DIR             default \${MOSAIC_CACHE_DIR:-~/.cache/mosaic}/k8s-test-cluster/state
  --nodes N                   simulated nodes to create (default 3)
  --kubernetes-version vX.Y.Z default ${KUBERNETES_VERSION}
  --kwok-version vX.Y.Z       default ${KWOK_VERSION}
  --build-timeout SECONDS     per go build (default 2700)
  --json                      status as JSON`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'USAGE';
}

export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliArgs {
  let verb: Verb | undefined;
  let stateDir = env['MOSAIC_K8S_STATE_DIR'] ?? defaultStateDir(env);
  let nodes = 3;
  let kubernetesVersion = KUBERNETES_VERSION;
  let kwokVersion = KWOK_VERSION;
  let buildTimeoutMs = 45 * 60_000;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--state-dir': stateDir = value(); break;
      case '--nodes': nodes = positiveInt(flag, value()); break;
      case '--kubernetes-version': kubernetesVersion = value(); break;
      case '--kwok-version': kwokVersion = value(); break;
      case '--build-timeout': buildTimeoutMs = positiveInt(flag, value()) * 1000; break;
      case '--json': json = true; break;
      case '-h':
      case '--help': verb = 'help'; break;
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
        if (verb !== undefined) throw new UsageError(`unexpected argument ${flag}`);
        if (!(VERBS as readonly string[]).includes(flag)) throw new UsageError(`unknown verb ${flag}`);
        verb = flag as Verb;
    }
  }
  if (verb === undefined) throw new UsageError('missing verb');
  return { verb, stateDir, nodes, kubernetesVersion, kwokVersion, buildTimeoutMs, json };
}

function positiveInt(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got ${raw}`);
  return n;
}
