// The write rules of the Store contract as pure functions, so every backend applies them the
// same way: a backend reads the stored object, asks for a plan, and writes it if `changed`.
import {
  ConflictError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  type FieldViolation,
  type ObjectMeta,
  type StoredObject,
} from '@mosaic/api';
import type { Preconditions } from '../store.js';
import { canonicalJson, jsonCopy } from './canonical-json.js';

/** The identity of a stored object. */
export interface ObjectKey {
  kind: string;
  namespace: string;
  name: string;
}

/** What a write would store, and whether it needs a new revision at all. */
export interface WritePlan {
  object: StoredObject;
  /** False when the write would change nothing: the backend writes no revision. */
  changed: boolean;
  /** True when the object is to be removed rather than stored. */
  removed: boolean;
}

/** `Workload "shop/checkout"`: how messages name an object. */
export function describeKey(key: ObjectKey): string {
  return `${key.kind} "${key.namespace}/${key.name}"`;
}

/** @throws InvalidArgumentError unless kind and name are non-empty strings and namespace is a string. */
export function validateKey(key: ObjectKey): void {
  const violations: FieldViolation[] = [];
  if (typeof key.kind !== 'string' || key.kind === '') violations.push({ path: 'kind', message: 'is required' });
  if (typeof key.name !== 'string' || key.name === '') violations.push({ path: 'metadata.name', message: 'is required' });
  if (typeof key.namespace !== 'string') {
    violations.push({ path: 'metadata.namespace', message: 'is required (use "" for cluster-scoped kinds)' });
  }
  if (violations.length > 0) throw new InvalidArgumentError('invalid object key', violations);
}

/** The key of an object handed to create or update, validated. */
export function keyOfObject(object: StoredObject): ObjectKey {
  if (typeof object !== 'object' || object === null || typeof object.metadata !== 'object' || object.metadata === null) {
    throw new InvalidArgumentError('invalid object', [{ path: 'metadata', message: 'is required' }]);
  }
  const key = { kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name };
  validateKey(key);
  return key;
}

export function notFound(key: ObjectKey): NotFoundError {
  return new NotFoundError(`${describeKey(key)} not found`);
}

/** @throws ConflictError when a given precondition does not hold for `stored`. */
export function checkPreconditions(key: ObjectKey, stored: StoredObject, preconditions: Preconditions | undefined): void {
  const rv = preconditions?.resourceVersion;
  if (rv !== undefined && rv !== '') {
    if (!/^\d+$/.test(rv)) {
      throw new InvalidArgumentError('invalid precondition', [
        { path: 'metadata.resourceVersion', message: `must be a resourceVersion returned by the store, got "${rv}"` },
      ]);
    }
    if (rv !== stored.metadata.resourceVersion) {
      throw new ConflictError(
        `${describeKey(key)} has been modified: the write was based on resourceVersion ${rv} but the stored object is at ${stored.metadata.resourceVersion ?? '?'}; re-read the object and retry`,
      );
    }
  }
  const uid = preconditions?.uid;
  if (uid !== undefined && uid !== '' && uid !== stored.metadata.uid) {
    throw new ConflictError(
      `${describeKey(key)} was deleted and re-created: the write was for uid ${uid} but the stored object has uid ${stored.metadata.uid ?? '?'}; re-read the object and retry`,
    );
  }
}

/** Store-owned metadata fields; callers' values for them are ignored. */
interface OwnedMeta {
  uid: string | undefined;
  resourceVersion: string;
  generation: number | undefined;
  creationTimestamp: string | undefined;
  deletionTimestamp: string | undefined;
}

/**
 * Metadata in a stable field order (identity, store-owned fields, then the caller's), with
 * store-owned fields taken from `owned` and empty labels/annotations/finalizers dropped.
 */
function buildMetadata(input: ObjectMeta, owned: OwnedMeta): ObjectMeta {
  const {
    name,
    namespace,
    uid: _uid,
    resourceVersion: _rv,
    generation: _generation,
    creationTimestamp: _created,
    deletionTimestamp: _deleted,
    ...rest
  } = jsonCopy(input);
  const meta: ObjectMeta = { name, namespace };
  if (owned.uid !== undefined) meta.uid = owned.uid;
  meta.resourceVersion = owned.resourceVersion;
  if (owned.generation !== undefined) meta.generation = owned.generation;
  if (owned.creationTimestamp !== undefined) meta.creationTimestamp = owned.creationTimestamp;
  if (owned.deletionTimestamp !== undefined) meta.deletionTimestamp = owned.deletionTimestamp;
  Object.assign(meta, rest);
  if (meta.labels && Object.keys(meta.labels).length === 0) delete meta.labels;
  if (meta.annotations && Object.keys(meta.annotations).length === 0) delete meta.annotations;
  if (meta.finalizers && meta.finalizers.length === 0) delete meta.finalizers;
  return meta;
}

function ownedOf(stored: StoredObject): OwnedMeta {
  const m = stored.metadata;
  return {
    uid: m.uid,
    resourceVersion: m.resourceVersion ?? '0',
    generation: m.generation,
    creationTimestamp: m.creationTimestamp,
    deletionTimestamp: m.deletionTimestamp,
  };
}

/** An envelope in a stable field order: apiVersion, kind, metadata, spec, status, then the rest. */
function buildObject(input: StoredObject, metadata: ObjectMeta, status: unknown): StoredObject {
  const { apiVersion, kind, metadata: _m, spec, status: _s, ...rest } = jsonCopy(input);
  const object: StoredObject = { apiVersion, kind, metadata, spec };
  if (status !== undefined) object.status = jsonCopy(status);
  return Object.assign(object, rest);
}

/** The object `create` stores at `revision`. */
export function planCreate(input: StoredObject, revision: number, now: string, uid: string): StoredObject {
  const metadata = buildMetadata(input.metadata, {
    uid,
    resourceVersion: String(revision),
    generation: 1,
    creationTimestamp: now,
    deletionTimestamp: undefined,
  });
  return buildObject(input, metadata, input.status);
}

/**
 * What `update(input)` does to `stored` at `revision`: new metadata and spec, stored status,
 * generation +1 on a spec change, removal when it clears a terminating object's last finalizer.
 * @throws ConflictError on a failed precondition; FailedPreconditionError when it adds a finalizer to a terminating object.
 */
export function planUpdate(key: ObjectKey, stored: StoredObject, input: StoredObject, revision: number): WritePlan {
  checkPreconditions(key, stored, { resourceVersion: input.metadata.resourceVersion, uid: input.metadata.uid });
  const owned = ownedOf(stored);
  if (owned.deletionTimestamp !== undefined) {
    const before = new Set(stored.metadata.finalizers ?? []);
    const added = (input.metadata.finalizers ?? []).find((f) => !before.has(f));
    if (added !== undefined) {
      throw new FailedPreconditionError(
        `${describeKey(key)} is being deleted: finalizer "${added}" cannot be added to a terminating object`,
      );
    }
  }
  const specChanged = canonicalJson(input.spec) !== canonicalJson(stored.spec);
  const generation = (owned.generation ?? 1) + (specChanged ? 1 : 0);
  const next = buildObject(input, buildMetadata(input.metadata, { ...owned, generation }), stored.status);
  if (!specChanged && canonicalJson(next) === canonicalJson(stored)) {
    return { object: stored, changed: false, removed: false };
  }
  next.metadata.resourceVersion = String(revision);
  const removed = owned.deletionTimestamp !== undefined && !next.metadata.finalizers;
  return { object: next, changed: true, removed };
}

/** What `updateStatus(status)` does to `stored` at `revision`. */
export function planStatusUpdate(
  key: ObjectKey,
  stored: StoredObject,
  status: unknown,
  preconditions: Preconditions | undefined,
  revision: number,
): WritePlan {
  checkPreconditions(key, stored, preconditions);
  if (canonicalJson(status) === canonicalJson(stored.status)) return { object: stored, changed: false, removed: false };
  const next = buildObject(stored, buildMetadata(stored.metadata, { ...ownedOf(stored), resourceVersion: String(revision) }), status);
  return { object: next, changed: true, removed: false };
}

/** What `delete` does to `stored` at `revision`: remove it, mark it terminating, or nothing (already terminating). */
export function planDelete(
  key: ObjectKey,
  stored: StoredObject,
  preconditions: Preconditions | undefined,
  revision: number,
  now: string,
): WritePlan {
  checkPreconditions(key, stored, preconditions);
  const owned = ownedOf(stored);
  const hasFinalizers = (stored.metadata.finalizers?.length ?? 0) > 0;
  if (hasFinalizers && owned.deletionTimestamp !== undefined) return { object: stored, changed: false, removed: false };
  const metadata = buildMetadata(stored.metadata, {
    ...owned,
    resourceVersion: String(revision),
    deletionTimestamp: hasFinalizers ? now : owned.deletionTimestamp,
  });
  return { object: buildObject(stored, metadata, stored.status), changed: true, removed: !hasFinalizers };
}
