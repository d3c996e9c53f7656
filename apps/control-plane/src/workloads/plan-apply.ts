import { AlreadyExistsError, ConflictError, FailedPreconditionError, objectKey, type Workload } from '@mosaic/api';
import { canonicalEqual, nonEmpty } from './canonical-equal.js';
import type { ApplyResult } from './workload-types.js';

/** What an apply will do, decided from the desired object and the stored one. */
export interface ApplyPlan {
  result: ApplyResult;
  /**
   * The object to write (`created`: for `store.create`; `configured`: for `store.update`, with
   * the stored resourceVersion and uid as preconditions) or, for `unchanged`, the stored one.
   */
  write: Workload;
  /** Exactly what the store will hold afterwards, server-set fields included (for dry runs). */
  preview: Workload;
}

/**
 * Decides an apply without doing I/O: the rules of `Apply` in one place.
 *
 * `desired` is a validated Workload from a client; its server-owned metadata (uid,
 * generation, timestamps) is ignored and `metadata.resourceVersion`, when set, is a
 * precondition. Finalizers given replace the stored ones; omitted, the stored ones stay
 * (they belong to controllers, which a re-applied YAML file must not undo).
 *
 * @throws AlreadyExistsError with `createOnly` when the workload exists.
 * @throws ConflictError when the precondition names another version (or the object is gone).
 * @throws FailedPreconditionError when the object is terminating or `spec.runtime` would change.
 */
export function planApply(desired: Workload, stored: Workload | undefined, options: { createOnly?: boolean; now: Date }): ApplyPlan {
  const key = objectKey(desired.metadata);
  const precondition = desired.metadata.resourceVersion;
  const { name, namespace } = desired.metadata;
  const labels = nonEmpty(desired.metadata.labels);
  const annotations = nonEmpty(desired.metadata.annotations);

  if (!stored) {
    if (precondition !== undefined) {
      throw new ConflictError(
        `workload "${key}" does not exist (it may have been deleted), but metadata.resourceVersion ${precondition} was given as a precondition; ` +
          'remove metadata.resourceVersion to create it',
      );
    }
    const finalizers = nonEmpty(desired.metadata.finalizers);
    const write: Workload = {
      apiVersion: desired.apiVersion,
      kind: desired.kind,
      metadata: { name, namespace, ...opt({ labels, annotations, finalizers }) },
      spec: desired.spec,
    };
    const preview: Workload = {
      ...write,
      metadata: { ...write.metadata, generation: 1, creationTimestamp: options.now.toISOString() },
    };
    return { result: 'created', write, preview };
  }

  if (options.createOnly) {
    throw new AlreadyExistsError(`workload "${key}" already exists (resourceVersion ${stored.metadata.resourceVersion ?? '?'}); apply without create-only to update it`);
  }
  if (precondition !== undefined && precondition !== stored.metadata.resourceVersion) {
    throw staleVersion(key, precondition, stored.metadata.resourceVersion);
  }
  if (stored.metadata.deletionTimestamp) {
    throw new FailedPreconditionError(
      `workload "${key}" is being deleted (terminating since ${stored.metadata.deletionTimestamp}); wait until it is gone, then apply it again`,
    );
  }
  if (stored.spec.runtime !== desired.spec.runtime) {
    throw new FailedPreconditionError(
      `spec.runtime is immutable (${stored.spec.runtime} → ${desired.spec.runtime}); delete the workload and apply it again`,
    );
  }

  const finalizers = desired.metadata.finalizers !== undefined ? nonEmpty(desired.metadata.finalizers) : stored.metadata.finalizers;
  const specChanged = !canonicalEqual(stored.spec, desired.spec);
  const unchanged =
    !specChanged &&
    canonicalEqual(stored.metadata.labels, labels) &&
    canonicalEqual(stored.metadata.annotations, annotations) &&
    canonicalEqual(stored.metadata.finalizers, finalizers);
  if (unchanged) return { result: 'unchanged', write: stored, preview: stored };

  const write: Workload = {
    apiVersion: desired.apiVersion,
    kind: desired.kind,
    metadata: {
      name,
      namespace,
      ...opt({ labels, annotations, finalizers, uid: stored.metadata.uid, resourceVersion: stored.metadata.resourceVersion }),
    },
    spec: desired.spec,
  };
  const { labels: _l, annotations: _a, finalizers: _f, ...kept } = stored.metadata;
  const preview: Workload = {
    ...stored,
    metadata: {
      ...kept,
      ...opt({ labels, annotations, finalizers }),
      generation: (stored.metadata.generation ?? 1) + (specChanged ? 1 : 0),
    },
    spec: desired.spec,
  };
  return { result: 'configured', write, preview };
}

/** The ABORTED error for a stale precondition, naming both versions so the client knows to re-read. */
export function staleVersion(key: string, given: string, current: string | undefined): ConflictError {
  return new ConflictError(
    `workload "${key}" was modified: metadata.resourceVersion ${given} was given but the current resourceVersion is ${current ?? 'unknown'}; ` +
      'get it again, re-apply your change, and retry',
  );
}

/** Drops undefined values, so written objects carry no `key: undefined` noise. */
function opt<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}
