import { matchesLabels, type LabelSelector, type StoredObject } from '@mosaic/api';
import type { WatchEvent, WatchEventType } from '../store.js';

/** What a watch is restricted to. */
export interface WatchFilter {
  namespace?: string | undefined;
  selector?: LabelSelector | undefined;
}

/**
 * The event a filtered watch reports for one change-log entry, or `undefined` when it reports
 * none. With a label selector the watch behaves like a client re-listing with that selector
 * (as the Kubernetes watch cache does):
 *
 * | change   | matched before | matches after | reported                                          |
 * |----------|----------------|---------------|---------------------------------------------------|
 * | ADDED    | –              | yes / no      | ADDED / nothing                                   |
 * | MODIFIED | yes            | yes           | MODIFIED                                          |
 * | MODIFIED | no             | yes           | ADDED                                             |
 * | MODIFIED | yes            | no            | DELETED, with the previous state at this revision |
 * | MODIFIED | no             | no            | nothing                                           |
 * | DELETED  | either         | either        | DELETED if it matched before or at deletion       |
 *
 * `prev` is the object's state before the change (absent for ADDED).
 */
export function filterChange<T extends StoredObject>(
  type: WatchEventType,
  object: T,
  prev: T | undefined,
  revision: number,
  filter: WatchFilter,
): WatchEvent<T> | undefined {
  if (filter.namespace !== undefined && object.metadata.namespace !== filter.namespace) return undefined;
  const selector = filter.selector;
  if (!selector) return { type, object, revision };
  const matchesNow = matchesLabels(selector, object.metadata.labels);
  const matchedBefore = prev !== undefined && matchesLabels(selector, prev.metadata.labels);
  switch (type) {
    case 'ADDED':
      return matchesNow ? { type, object, revision } : undefined;
    case 'DELETED':
      if (matchesNow) return { type, object, revision };
      return matchedBefore && prev ? { type, object: atRevision(prev, revision), revision } : undefined;
    case 'MODIFIED':
      if (matchesNow) return { type: matchedBefore ? 'MODIFIED' : 'ADDED', object, revision };
      return matchedBefore && prev ? { type: 'DELETED', object: atRevision(prev, revision), revision } : undefined;
  }
}

function atRevision<T extends StoredObject>(object: T, revision: number): T {
  return { ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } };
}
