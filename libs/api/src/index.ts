export * from './errors/index.js';
export * from './resource/object-meta.js';
export * from './resource/node-types.js';
export * from './resource/instance-types.js';
export * from './resource/revision-types.js';
export * from './workload/index.js';
export * from './yaml/index.js';
export * from './selectors/index.js';
