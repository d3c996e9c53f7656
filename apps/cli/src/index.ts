// For embedding and tests: the command tree and the runner behind the `mosaic` bin.
export { createProgram } from './program.js';
export { run } from './run.js';
