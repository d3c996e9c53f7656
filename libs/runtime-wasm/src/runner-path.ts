import { fileURLToPath } from 'node:url';

/**
 * The WASI runner script shipped with this package (`runner/wasi-runner.mjs`). This file sits
 * one level below the package root both as `src/runner-path.ts` and `dist/runner-path.js`.
 */
export const RUNNER_PATH = fileURLToPath(new URL('../runner/wasi-runner.mjs', import.meta.url));
