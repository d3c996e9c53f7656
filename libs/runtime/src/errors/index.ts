export * from './runtime-not-registered-error.js';
export * from './runtime-already-registered-error.js';
export * from './runtime-unavailable-error.js';
export * from './invalid-instance-spec-error.js';
