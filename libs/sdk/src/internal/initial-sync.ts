import { objectKey, type Workload } from '@mosaic/api';
import type { WatchEvent } from '../mosaic-client-types.js';

/**
 * A watch opened without a revision starts with the current state: one ADDED per object,
 * each carrying the object's own revision, then a BOOKMARK with the list's revision. Until
 * that bookmark there is no safe resume point (the objects' revisions are not ordered the
 * way the list is), so a stream lost mid-way is re-opened from scratch. This class keeps
 * the consumer's view exact across such re-lists, the way a Kubernetes reflector's
 * Replace() does: objects already delivered unchanged are dropped, changed ones become
 * MODIFIED, and ones that vanished meanwhile get a DELETED.
 */
export class InitialSync {
  /** Everything delivered so far during the initial phase, by `namespace/name`. */
  readonly #delivered = new Map<string, Workload>();
  /** Keys the current stream has listed. */
  readonly #listed = new Set<string>();

  /** A new stream is about to re-list the current state. */
  restart(): void {
    this.#listed.clear();
  }

  /** The event to yield for an initial ADDED, or undefined for one already delivered. */
  added(workload: Workload, resourceVersion: string): WatchEvent | undefined {
    const key = objectKey(workload.metadata);
    this.#listed.add(key);
    const before = this.#delivered.get(key);
    this.#delivered.set(key, workload);
    if (!before) return { type: 'ADDED', workload, resourceVersion };
    if (before.metadata.resourceVersion === workload.metadata.resourceVersion) return undefined;
    return { type: 'MODIFIED', workload, resourceVersion };
  }

  /** The initial state is complete: DELETED for what an earlier stream showed and this one did not. */
  finish(resourceVersion: string): WatchEvent[] {
    const gone = [...this.#delivered].filter(([key]) => !this.#listed.has(key));
    this.#delivered.clear();
    this.#listed.clear();
    return gone.map(([, workload]) => ({ type: 'DELETED', workload, resourceVersion }));
  }
}
