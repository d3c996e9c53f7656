export * from './errors/index.js';
export * from './resource/object-meta.js';
export * from './workload/index.js';
export * from './yaml/index.js';
export * from './selectors/index.js';
