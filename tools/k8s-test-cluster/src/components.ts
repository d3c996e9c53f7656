import { join } from 'node:path';
import type { Binaries } from './build.js';
import type { StatePaths } from './paths.js';

/** Loopback ports chosen for one cluster. */
export interface ClusterPorts {
  readonly etcdClient: number;
  readonly etcdPeer: number;
  readonly apiServer: number;
  readonly controllerManager: number;
  readonly scheduler: number;
  readonly kwok: number;
}

export const PORT_NAMES = ['etcdClient', 'etcdPeer', 'apiServer', 'controllerManager', 'scheduler', 'kwok'] as const;

/** How `up` and `status` decide a component is healthy. */
export type HealthCheck =
  /** Plain HTTP on loopback (etcd, kwok). */
  | { readonly kind: 'http'; readonly url: string }
  /** HTTPS verified against our CA with the admin client certificate (kube-apiserver). */
  | { readonly kind: 'apiserver'; readonly url: string }
  /** HTTPS with the component's self-signed serving cert; /healthz is open to anonymous callers. */
  | { readonly kind: 'https-self-signed'; readonly url: string };

export type ComponentName = 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kwok';

/** One process of the cluster, in start order. */
export interface ComponentSpec {
  readonly name: ComponentName;
  readonly binary: string;
  readonly args: readonly string[];
  readonly health: HealthCheck;
  /** How long to wait for it to become healthy after start. */
  readonly startTimeoutMs: number;
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Debian's etcd 3.4.23 predates the progress notifications kube-apiserver needs to
 * serve streaming lists, so the API server turns RequestWatchProgress off and
 * rejects `sendInitialEvents` watches. With the WatchList gate on (the 1.34 default)
 * it would also *default* every watch from resourceVersion "" or "0" to one, and
 * kwok's watches (RV "0") would fail and retry with backoff: pods stay Pending for
 * ~30 s and nodes flap NotReady. Off, watches behave as they do on etcd ≥ 3.4.31.
 */
export const API_SERVER_FEATURE_GATES = 'WatchList=false';

/** Inputs of {@link clusterComponents}. */
export interface ClusterLayout {
  readonly paths: StatePaths;
  readonly ports: ClusterPorts;
  readonly etcd: string;
  readonly binaries: Binaries;
  /** @defaultValue 10.0.0.0/24 */
  readonly serviceCidr: string;
}

export const SERVICE_CIDR = '10.0.0.0/24';
/** The first address of SERVICE_CIDR: the `kubernetes` Service's cluster IP. */
export const SERVICE_IP = '10.0.0.1';
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** kwok manages the nodes carrying this annotation (and only those). */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';
export const KWOK_NODE_ANNOTATION_VALUE = 'fake';

const LOOPBACK = '127.0.0.1';

/**
 * The five processes with the flags that bind each of them to 127.0.0.1 only.
 * The flag set follows controller-runtime's envtest for the API server, plus the
 * controller-manager and scheduler (real pod scheduling) and kwok (simulated kubelets).
 */
export function clusterComponents(layout: ClusterLayout): ComponentSpec[] {
  const { paths, ports, binaries } = layout;
  const pki = (file: string): string => join(paths.pki, file);
  const kubeconfig = (name: string): string => join(paths.kubeconfigs, `${name}.kubeconfig`);
  const etcdClientUrl = `http://${LOOPBACK}:${ports.etcdClient}`;
  const etcdPeerUrl = `http://${LOOPBACK}:${ports.etcdPeer}`;

  const delegated = (name: string): string[] => [
    `--kubeconfig=${kubeconfig(name)}`,
    `--authentication-kubeconfig=${kubeconfig(name)}`,
    `--authorization-kubeconfig=${kubeconfig(name)}`,
    `--bind-address=${LOOPBACK}`,
    `--cert-dir=${join(paths.pki, `${name}-serving`)}`,
    '--leader-elect=false',
    '--v=1',
  ];

  return [
    {
      name: 'etcd',
      binary: layout.etcd,
      args: [
        '--name=mosaic-test-cluster',
        `--data-dir=${paths.etcdData}`,
        `--listen-client-urls=${etcdClientUrl}`,
        `--advertise-client-urls=${etcdClientUrl}`,
        `--listen-peer-urls=${etcdPeerUrl}`,
        `--initial-advertise-peer-urls=${etcdPeerUrl}`,
        `--initial-cluster=mosaic-test-cluster=${etcdPeerUrl}`,
        '--initial-cluster-state=new',
        '--logger=zap',
        '--log-level=warn',
      ],
      health: { kind: 'http', url: `${etcdClientUrl}/health` },
      startTimeoutMs: 30_000,
    },
    {
      name: 'kube-apiserver',
      binary: binaries['kube-apiserver'],
      args: [
        `--advertise-address=${LOOPBACK}`,
        `--bind-address=${LOOPBACK}`,
        `--secure-port=${ports.apiServer}`,
        `--etcd-servers=${etcdClientUrl}`,
        `--cert-dir=${join(paths.pki, 'apiserver-serving')}`,
        `--tls-cert-file=${pki('apiserver.crt')}`,
        `--tls-private-key-file=${pki('apiserver.key')}`,
        `--client-ca-file=${pki('ca.crt')}`,
        '--authorization-mode=RBAC',
        `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
        `--service-account-key-file=${pki('sa.pub')}`,
        `--service-account-signing-key-file=${pki('sa.key')}`,
        `--service-cluster-ip-range=${layout.serviceCidr}`,
        '--allow-privileged=true',
        `--feature-gates=${API_SERVER_FEATURE_GATES}`,
        '--profiling=false',
        '--v=1',
      ],
      health: { kind: 'apiserver', url: `https://${LOOPBACK}:${ports.apiServer}/readyz` },
      startTimeoutMs: 120_000,
    },
    {
      name: 'kube-controller-manager',
      binary: binaries['kube-controller-manager'],
      args: [
        ...delegated('kube-controller-manager'),
        `--secure-port=${ports.controllerManager}`,
        '--use-service-account-credentials=true',
        `--service-account-private-key-file=${pki('sa.key')}`,
        `--root-ca-file=${pki('ca.crt')}`,
        `--cluster-signing-cert-file=${pki('ca.crt')}`,
        `--cluster-signing-key-file=${pki('ca.key')}`,
        `--service-cluster-ip-range=${layout.serviceCidr}`,
        '--profiling=false',
      ],
      health: { kind: 'https-self-signed', url: `https://${LOOPBACK}:${ports.controllerManager}/healthz` },
      startTimeoutMs: 90_000,
    },
    {
      name: 'kube-scheduler',
      binary: binaries['kube-scheduler'],
      args: [...delegated('kube-scheduler'), `--secure-port=${ports.scheduler}`, '--profiling=false'],
      health: { kind: 'https-self-signed', url: `https://${LOOPBACK}:${ports.scheduler}/healthz` },
      startTimeoutMs: 90_000,
    },
    {
      name: 'kwok',
      binary: binaries.kwok,
      args: [
        `--config=${paths.kwokConfig}`,
        `--kubeconfig=${kubeconfig('kwok')}`,
        '--manage-all-nodes=false',
        `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=${KWOK_NODE_ANNOTATION_VALUE}`,
        // Without an explicit address kwok would listen on 0.0.0.0 when a node port is set.
        `--server-address=${LOOPBACK}:${ports.kwok}`,
        '--cidr=10.244.0.1/16',
      ],
      health: { kind: 'http', url: `http://${LOOPBACK}:${ports.kwok}/healthz` },
      startTimeoutMs: 60_000,
    },
  ];
}

/**
 * kwok reads ~/.kwok/kwok.yaml unless told otherwise; an explicit, empty
 * configuration keeps a developer's personal file from changing the cluster.
 * With no Stage objects configured kwok uses its default node and pod stages
 * (nodes become Ready, bound pods become Running).
 */
export const KWOK_CONFIG = [
  'apiVersion: config.kwok.x-k8s.io/v1alpha1',
  'kind: KwokConfiguration',
  'options: {}',
  '',
].join('\n');
