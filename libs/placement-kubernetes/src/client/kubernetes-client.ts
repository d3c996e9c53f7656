import {
  KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject,
} from '@kubernetes/client-node';
import { InvalidArgumentError, NotFoundError } from '@mosaic/api';
import { withKubernetesErrors } from '../errors/map-kubernetes-error.js';
import { MOSAIC_FIELD_MANAGER, type ApplyOptions, type DeleteOptions, type ListOptions } from './apply-options.js';

/** Names one object: what `get` and `delete` need. */
export interface ObjectReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** An object ready for apply: apiVersion, kind and metadata.name are required. */
export type ApplyObject = KubernetesObject & {
  apiVersion: string;
  kind: string;
  metadata: NonNullable<KubernetesObject['metadata']> & { name: string };
};

/**
 * A typed wrapper over @kubernetes/client-node for the calls the Kubernetes
 * placement backend makes. Every write is a server-side apply as field manager
 * `mosaic`; every failure is a Mosaic error (see mapKubernetesError).
 */
export class KubernetesClient {
  private readonly objects: KubernetesObjectApi;

  constructor(readonly kubeConfig: KubeConfig) {
    this.objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  }

  /**
   * Server-side apply: creates the object or updates the fields this manager owns.
   * Fails with FieldManagerConflictError when another manager owns a field that
   * `object` sets, unless `force` is true.
   */
  async apply<T extends ApplyObject>(object: T, options: ApplyOptions = {}): Promise<T> {
    assertApplyable(object);
    const { managedFields: _m, resourceVersion: _rv, uid: _uid, creationTimestamp: _ct, ...metadata } = object.metadata;
    const body = { ...object, metadata } as T;
    return withKubernetesErrors(`apply ${describe(object)}`, () =>
      this.objects.patch<T>(
        body,
        undefined,
        options.dryRun === true ? 'All' : undefined,
        options.fieldManager ?? MOSAIC_FIELD_MANAGER,
        options.force ?? false,
        PatchStrategy.ServerSideApply,
      ));
  }

  /** Reads one object; NotFoundError when it does not exist. */
  async get<T extends KubernetesObject>(ref: ObjectReference): Promise<T> {
    return withKubernetesErrors(`get ${describe(ref)}`, () =>
      this.objects.read<T>({
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        metadata: { name: ref.name, ...(ref.namespace === undefined ? {} : { namespace: ref.namespace }) },
      }));
  }

  /** Like get, but undefined instead of NotFoundError. */
  async find<T extends KubernetesObject>(ref: ObjectReference): Promise<T | undefined> {
    try {
      return await this.get<T>(ref);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async list<T extends KubernetesObject>(apiVersion: string, kind: string, options: ListOptions = {}): Promise<T[]> {
    const list = await withKubernetesErrors(`list ${kind}`, () =>
      this.objects.list<T>(apiVersion, kind, options.namespace, undefined, undefined, undefined, options.fieldSelector, options.labelSelector));
    return list.items;
  }

  /** Deletes one object; by default a missing object counts as deleted. */
  async delete(ref: ObjectReference, options: DeleteOptions = {}): Promise<void> {
    try {
      await withKubernetesErrors(`delete ${describe(ref)}`, () =>
        this.objects.delete(
          { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } },
          undefined,
          undefined,
          undefined,
          undefined,
          options.propagationPolicy ?? 'Background',
        ));
    } catch (error) {
      if (error instanceof NotFoundError && (options.ignoreNotFound ?? true)) return;
      throw error;
    }
  }
}

function assertApplyable(object: Partial<ApplyObject>): void {
  const missing = (['apiVersion', 'kind'] as const).filter((key) => typeof object[key] !== 'string' || object[key] === '');
  if (typeof object.metadata?.name !== 'string' || object.metadata.name === '') missing.push('metadata.name' as never);
  if (missing.length > 0) {
    throw new InvalidArgumentError('object cannot be applied', missing.map((path) => ({ path, message: 'is required' })));
  }
}

function describe(ref: { kind?: string; name?: string; namespace?: string; metadata?: { name?: string; namespace?: string } }): string {
  const name = ref.name ?? ref.metadata?.name ?? '?';
  const namespace = ref.namespace ?? ref.metadata?.namespace;
  return `${ref.kind ?? 'object'} ${namespace === undefined ? '' : `${namespace}/`}${name}`;
}
