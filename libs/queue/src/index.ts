// Public API of @mosaic/queue: the private Redis, typed BullMQ queues and workers, the reconcile
// queue (Kubernetes-workqueue semantics) and idempotent delayed jobs.
export * from './errors/index.js';

export * from './redis/private-redis-options.js';
export * from './redis/private-redis.js';
export * from './redis/resolve-redis.js';
export * from './redis/redis-url.js';
