export * from './redis-not-installed-error.js';
export * from './redis-start-error.js';
export * from './invalid-job-id-error.js';
export * from './invalid-redis-url-error.js';
