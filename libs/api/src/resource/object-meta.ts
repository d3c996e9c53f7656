/** Metadata every stored Mosaic object carries (the Kubernetes ObjectMeta subset operators know). */
export interface ObjectMeta {
  /** DNS-1123 label, unique within the namespace. */
  name: string;
  /** DNS-1123 label; `default` when not given. */
  namespace: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Set by the store on create; survives updates, changes on delete + re-create. */
  uid?: string;
  /** Store revision of the last write to this object, as a decimal string. Opaque to clients. */
  resourceVersion?: string;
  /** Bumped by the store whenever `spec` changes; not on status or metadata-only writes. */
  generation?: number;
  /** RFC 3339, set by the store on create. */
  creationTimestamp?: string;
  /** RFC 3339; set when a delete waits for finalizers. */
  deletionTimestamp?: string;
  /** Controllers that must finish clean-up before the object disappears. */
  finalizers?: string[];
}

/** The envelope of every stored object: the store is generic over spec and status. */
export interface StoredObject<Spec = unknown, Status = unknown> {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec: Spec;
  status?: Status;
}

/** `namespace/name`: the key of an object in the store, in queues and in logs. */
export function objectKey(meta: Pick<ObjectMeta, 'namespace' | 'name'>): string {
  return `${meta.namespace}/${meta.name}`;
}

export const DEFAULT_NAMESPACE = 'default';
