export * from './label-selector.js';
export * from './label-syntax.js';
export * from './parse-label-selector.js';
export * from './matches-labels.js';
export * from './format-label-selector.js';
