// @mosaic/runtime-process/testing — helpers the drivers' test suites share (never used by product code).
export { scratchArea, type ScratchArea } from './scratch-area.js';
