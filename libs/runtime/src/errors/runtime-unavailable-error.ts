import { MosaicError } from '@mosaic/api';

/**
 * This node cannot run the runtime (e.g. wasm without bubblewrap and unsandboxed runs not
 * allowed). The scheduler should not have placed the instance here; the agent reports it.
 */
export class RuntimeUnavailableError extends MosaicError {
  readonly code = 'FAILED_PRECONDITION' as const;

  constructor(
    readonly runtime: string,
    /** A CamelCase constant, the same as `RuntimeAvailability.reason`. */
    readonly reason: string,
    message: string,
  ) {
    super(`runtime ${runtime} is unavailable on this node: ${message}`);
  }
}
