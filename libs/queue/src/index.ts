// Public API of @mosaic/queue: the private Redis, typed BullMQ queues and workers, the reconcile
// queue (Kubernetes-workqueue semantics) and idempotent delayed jobs.
export * from './errors/index.js';

export * from './redis/private-redis-options.js';
export * from './redis/private-redis.js';
export * from './redis/resolve-redis.js';
export * from './redis/redis-url.js';

export * from './queue/connection-options.js';
export * from './queue/job-options.js';
export * from './queue/queue-options.js';
export * from './queue/worker-options.js';
export * from './queue/queue-definition.js';
export * from './queue/job-id.js';
export * from './queue/job-context.js';
export * from './queue/typed-queue.js';
export * from './queue/typed-worker.js';

export * from './reconcile/reconcile-options.js';
export * from './reconcile/reconcile-request.js';
export * from './reconcile/reconcile-queue.js';
export * from './reconcile/reconcile-worker.js';

export * from './functions/function-queue.js';
export * from './functions/function-connection.js';
