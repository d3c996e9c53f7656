import { isMosaicError, type StoredObject } from '@mosaic/api';
import type { Store, UpdateResult } from '@mosaic/store';

export const hasCode = (err: unknown, code: string): boolean => isMosaicError(err) && err.code === code;

/** The object, or undefined when it does not exist. */
export async function findObject<T extends StoredObject>(store: Store, kind: string, namespace: string, name: string): Promise<T | undefined> {
  try {
    return await store.get<T>(kind, namespace, name);
  } catch (err) {
    if (hasCode(err, 'NOT_FOUND')) return undefined;
    throw err;
  }
}

const MAX_CONFLICT_ROUNDS = 5;

/**
 * Read-modify-write of an object's metadata/spec with its resourceVersion as precondition,
 * re-reading on a conflict, so a concurrent writer (a user's apply, the agent session) is never
 * overwritten. `mutate` returns the object to write, or undefined to write nothing.
 * @returns undefined when the object is absent or nothing was to be written.
 */
export async function updateObject<T extends StoredObject>(
  store: Store,
  kind: string,
  namespace: string,
  name: string,
  mutate: (current: T) => T | undefined,
): Promise<UpdateResult<T> | undefined> {
  for (let round = 0; ; round++) {
    const current = await findObject<T>(store, kind, namespace, name);
    const next = current && mutate(current);
    if (!next) return undefined;
    try {
      return await store.update(next);
    } catch (err) {
      if (hasCode(err, 'NOT_FOUND')) return undefined;
      if (!hasCode(err, 'ABORTED') || round >= MAX_CONFLICT_ROUNDS) throw err;
    }
  }
}

/** Deletes an object if it still exists; returns it as deleted/terminating, or undefined. */
export async function deleteIfPresent<T extends StoredObject>(store: Store, object: T): Promise<T | undefined> {
  const { namespace, name, uid } = object.metadata;
  try {
    return (await store.delete<T>(object.kind, namespace, name, uid ? { uid } : {})).object;
  } catch (err) {
    if (hasCode(err, 'NOT_FOUND') || hasCode(err, 'ABORTED')) return undefined; // gone, or a namesake
    throw err;
  }
}

/** Copies `object` with `finalizer` added or removed (undefined when already so). */
export function withFinalizer<T extends StoredObject>(object: T, finalizer: string, present: boolean): T | undefined {
  const list = object.metadata.finalizers ?? [];
  if (list.includes(finalizer) === present) return undefined;
  const finalizers = present ? [...list, finalizer] : list.filter((f) => f !== finalizer);
  return { ...object, metadata: { ...object.metadata, finalizers } };
}
