import { z } from 'zod';
import { DEFAULT_NAMESPACE } from '../resource/object-meta.js';
import { dnsLabel, labelMap, stringMap } from './common-schemas.js';

/**
 * Metadata as a client may send it. Server-owned fields (uid, generation, timestamps) are
 * accepted so a `get -o yaml` round-trips, but the store ignores them; `resourceVersion`
 * given on apply is an optimistic-concurrency precondition.
 */
export const objectMetaSchema = z.strictObject({
  name: dnsLabel,
  namespace: dnsLabel.default(DEFAULT_NAMESPACE),
  labels: labelMap.optional(),
  annotations: stringMap.optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().regex(/^\d+$/, 'must be a resourceVersion read from the server').optional(),
  generation: z.int().optional(),
  creationTimestamp: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  finalizers: z.array(z.string().min(1)).optional(),
});
