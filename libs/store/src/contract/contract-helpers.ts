import assert from 'node:assert/strict';
import type { StoredObject } from '@mosaic/api';
import type { Store, StoreWatch, WatchEvent } from '../store.js';

/** A store under test, fresh and empty for each test. */
export interface StoreUnderTest {
  store: Store;
  /** Closes the store (if the test did not) and removes everything it left behind. */
  destroy(): Promise<void>;
}

/** Creates a fresh, empty store for one test. Automatic compaction must not drop anything within a test. */
export type StoreFactory = () => Promise<StoreUnderTest>;

/** What each contract section gets: the store of the running test. */
export interface ContractContext {
  readonly store: Store;
}

/** The kind the suite writes; a second kind checks isolation. */
export const KIND = 'Widget';
export const OTHER_KIND = 'Gadget';

export interface WidgetSpec {
  size?: number;
  color?: string;
  parts?: string[];
  nested?: Record<string, unknown>;
}
export interface WidgetStatus {
  phase?: string;
  observedGeneration?: number;
}
export type Widget = StoredObject<WidgetSpec, WidgetStatus>;

export interface WidgetOptions {
  namespace?: string;
  kind?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  spec?: WidgetSpec;
  status?: WidgetStatus;
}

/** A test object; `spec` defaults to `{ size: 1 }`. */
export function widget(name: string, options: WidgetOptions = {}): Widget {
  const object: Widget = {
    apiVersion: 'test.mosaic.dev/v1',
    kind: options.kind ?? KIND,
    metadata: { name, namespace: options.namespace ?? 'default' },
    spec: options.spec ?? { size: 1 },
  };
  if (options.labels) object.metadata.labels = options.labels;
  if (options.annotations) object.metadata.annotations = options.annotations;
  if (options.finalizers) object.metadata.finalizers = options.finalizers;
  if (options.status) object.status = options.status;
  return object;
}

/** The revision a write produced. */
export function rv(object: StoredObject): number {
  const value = Number(object.metadata.resourceVersion);
  assert.ok(Number.isSafeInteger(value) && value > 0, `resourceVersion "${object.metadata.resourceVersion}" is not a revision`);
  return value;
}

/** Asserts the promise rejects with a Mosaic error of `code` whose message matches `pattern`; returns the error. */
export async function rejectsWith(promise: Promise<unknown>, code: string, pattern?: RegExp): Promise<Error> {
  let error: unknown;
  try {
    await promise;
  } catch (err) {
    error = err;
  }
  assert.ok(error instanceof Error, `expected a rejection with ${code}, but it resolved`);
  assert.equal((error as { code?: unknown }).code, code, `expected ${code}, got ${String(error)}`);
  if (pattern) assert.match(error.message, pattern);
  return error;
}

const iterators = new WeakMap<object, AsyncIterator<WatchEvent<StoredObject>>>();

/** The watch's one iterator (a watch is iterated once; helpers share it). */
export function iteratorOf<T extends StoredObject>(watch: StoreWatch<T>): AsyncIterator<WatchEvent<T>> {
  let it = iterators.get(watch);
  if (!it) {
    it = watch[Symbol.asyncIterator]() as AsyncIterator<WatchEvent<StoredObject>>;
    iterators.set(watch, it);
  }
  return it as AsyncIterator<WatchEvent<T>>;
}

/** The next iterator result, or a failed assertion after `timeoutMs`. */
export async function nextWithin<T extends StoredObject>(watch: StoreWatch<T>, timeoutMs = 5000): Promise<IteratorResult<WatchEvent<T>>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new assert.AssertionError({ message: `no watch event within ${timeoutMs} ms` })), timeoutMs);
  });
  try {
    return await Promise.race([iteratorOf(watch).next(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Exactly the next `n` events (fails if the watch ends or stalls first). */
export async function take<T extends StoredObject>(watch: StoreWatch<T>, n: number, timeoutMs = 5000): Promise<WatchEvent<T>[]> {
  const events: WatchEvent<T>[] = [];
  while (events.length < n) {
    const result = await nextWithin(watch, timeoutMs).catch((err: unknown) => {
      throw new assert.AssertionError({
        message: `${String(err)} (after ${events.length} of ${n} events: ${events.map(summary).join(' ')})`,
      });
    });
    assert.ok(!result.done, `watch ended after ${events.length} of ${n} events`);
    events.push(result.value);
  }
  return events;
}

/** `12:MODIFIED:ns/name`: compact form for comparing event sequences. */
export function summary(event: WatchEvent<StoredObject>): string {
  return `${event.revision}:${event.type}:${event.object.metadata.namespace}/${event.object.metadata.name}`;
}

/** Lets other tasks (a concurrent consumer) run between writes. */
export function yieldToOthers(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
