import assert from 'node:assert/strict';
import { parseLabelSelector, type StoredObject } from '@mosaic/api';
import { describe, it } from 'mocha';
import type { WatchEventType } from '../store.js';
import { filterChange } from './watch-filter.js';

const object = (labels: Record<string, string> | undefined, namespace = 'default', rv = '7'): StoredObject => ({
  apiVersion: 'v1',
  kind: 'Widget',
  metadata: { name: 'w', namespace, labels, resourceVersion: rv },
  spec: {},
});
const web = { tier: 'web' };
const db = { tier: 'db' };

describe('filterChange', () => {
  const cases: {
    name: string;
    type: WatchEventType;
    now: Record<string, string> | undefined;
    before?: Record<string, string> | undefined;
    selector?: string;
    namespace?: string;
    want: WatchEventType | undefined;
    wantPrev?: boolean;
  }[] = [
    { name: 'no filter passes ADDED', type: 'ADDED', now: db, want: 'ADDED' },
    { name: 'no filter passes MODIFIED', type: 'MODIFIED', now: db, before: web, want: 'MODIFIED' },
    { name: 'no filter passes DELETED', type: 'DELETED', now: db, before: db, want: 'DELETED' },
    { name: 'other namespace is dropped', type: 'ADDED', now: web, namespace: 'shop', want: undefined },
    { name: 'matching ADDED', type: 'ADDED', now: web, selector: 'tier=web', want: 'ADDED' },
    { name: 'non-matching ADDED', type: 'ADDED', now: db, selector: 'tier=web', want: undefined },
    { name: 'MODIFIED matching before and after', type: 'MODIFIED', now: web, before: web, selector: 'tier=web', want: 'MODIFIED' },
    { name: 'MODIFIED starting to match is ADDED', type: 'MODIFIED', now: web, before: db, selector: 'tier=web', want: 'ADDED' },
    { name: 'MODIFIED stopping to match is DELETED with the previous state', type: 'MODIFIED', now: db, before: web, selector: 'tier=web', want: 'DELETED', wantPrev: true },
    { name: 'MODIFIED matching neither time', type: 'MODIFIED', now: db, before: db, selector: 'tier=web', want: undefined },
    { name: 'MODIFIED with labels removed, negative selector', type: 'MODIFIED', now: undefined, before: web, selector: 'tier!=web', want: 'ADDED' },
    { name: 'DELETED matching at deletion', type: 'DELETED', now: web, before: web, selector: 'tier=web', want: 'DELETED' },
    { name: 'DELETED whose last change dropped the match', type: 'DELETED', now: db, before: web, selector: 'tier=web', want: 'DELETED', wantPrev: true },
    { name: 'DELETED never matching', type: 'DELETED', now: db, before: db, selector: 'tier=web', want: undefined },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const now = object(tc.now, 'default', '9');
      const before = tc.type === 'ADDED' ? undefined : object(tc.before, 'default', '7');
      const event = filterChange(tc.type, now, before, 9, {
        namespace: tc.namespace,
        selector: tc.selector ? parseLabelSelector(tc.selector) : undefined,
      });
      assert.equal(event?.type, tc.want);
      if (event) {
        assert.equal(event.revision, 9);
        assert.equal(event.object.metadata.resourceVersion, '9', 'the event object carries the change revision');
        assert.deepEqual(event.object.metadata.labels, tc.wantPrev ? tc.before : tc.now);
      }
    });
  }
});
