export * from './errors/index.js';
export * from './resource/object-meta.js';
