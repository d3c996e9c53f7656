/** One named control plane the CLI can talk to, as stored in the config file. */
export interface MosaicContext {
  name: string;
  /** `host:port` of the control plane's gRPC endpoint. */
  server: string;
  /** Bearer token sent with every call. */
  token?: string;
  /** Namespace used when a command gets no `-n`. */
  namespace?: string;
  /** TLS: PEM file paths. Present (even empty) means TLS; `ca` absent means the system roots. */
  tls?: { ca?: string; cert?: string; key?: string };
}

/** The config file (`~/.mosaic/config`, or `$MOSAIC_CONFIG`), shaped like a small kubeconfig. */
export interface MosaicConfig {
  currentContext?: string;
  contexts: MosaicContext[];
}

export const DEFAULT_SERVER = '127.0.0.1:7070';
export const DEFAULT_NAMESPACE = 'default';
