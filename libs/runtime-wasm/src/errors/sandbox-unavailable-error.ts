import { RuntimeUnavailableError } from '@mosaic/runtime';

/**
 * bubblewrap is missing or does not work on this node, and the wasm driver was not configured
 * with `allowUnsandboxed: true`. node:wasi alone is not a security boundary, so the driver
 * refuses to run modules without the OS sandbox.
 */
export class SandboxUnavailableError extends RuntimeUnavailableError {
  constructor(message: string) {
    super('wasm', 'SandboxUnavailable', message);
  }
}
