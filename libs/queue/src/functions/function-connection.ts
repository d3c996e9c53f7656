import type { RedisOptions } from 'bullmq';
import { bullConnection } from '../internal/bullmq-options.js';

/**
 * BullMQ `connection` and `prefix` for function queues (revision queues, trigger queues): the
 * same Redis and key prefix (`mosaic`) every Mosaic queue uses, so producers (control plane)
 * and consumers (agents' function driver) meet on the same keys. Pass to `new Queue(name, …)`,
 * `new Worker(name, fn, …)` and `new QueueEvents(name, …)`.
 */
export function functionQueueConnection(url: string): { connection: RedisOptions; prefix: string } {
  return bullConnection({ url });
}
