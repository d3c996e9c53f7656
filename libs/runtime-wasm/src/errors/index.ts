export * from './invalid-wasm-module-error.js';
export * from './memory-limit-exceeded-error.js';
export * from './sandbox-unavailable-error.js';
export * from './module-rejected-error.js';
