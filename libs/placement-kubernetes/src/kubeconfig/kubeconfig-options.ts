/** Where {@link loadKubeConfig} finds credentials. */
export interface KubeConfigOptions {
  /**
   * A kubeconfig file. When omitted: `$KUBECONFIG`, then `~/.kube/config`, then the
   * in-cluster service account (client-node's loadFromDefault order).
   * @defaultValue undefined
   */
  readonly path?: string;
  /**
   * Context to select instead of the file's current-context.
   * @defaultValue undefined
   */
  readonly context?: string;
}
