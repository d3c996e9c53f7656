/**
 * The upstream versions this tool builds. Bumping one of them rebuilds only the
 * binaries it names: each binary carries a stamp of the version it was built from.
 *
 * v1.34 matches the API surface of @kubernetes/client-node 1.4.x; kwok v0.7.0 is the
 * newest kwok whose go.mod still accepts Go 1.24+ and carries no `replace` lines.
 */
export const KUBERNETES_VERSION = 'v1.34.4';
export const KWOK_VERSION = 'v0.7.0';

/** The control-plane binaries built from k8s.io/kubernetes. */
export const KUBERNETES_BINARIES = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;
export type KubernetesBinary = (typeof KUBERNETES_BINARIES)[number];
