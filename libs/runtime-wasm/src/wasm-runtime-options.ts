import type { SupervisionOptions } from '@mosaic/runtime-process';

/** Options of the wasm driver (`setup(options)` / `new WasmRuntime(options)`). */
export interface WasmRuntimeOptions {
  /**
   * Run modules without bubblewrap when it is missing or broken. node:wasi alone is *not* a
   * security boundary (read-only preopens, for one, are not enforced); only for trusted
   * modules on development machines. @defaultValue false
   */
  allowUnsandboxed?: boolean;
  /** The bubblewrap binary. @defaultValue `bwrap` looked up on {@link searchPath} */
  bwrapPath?: string;
  /** Where to look for `bwrap`. @defaultValue process.env.PATH */
  searchPath?: string;
  /** The node binary that runs the WASI runner. @defaultValue process.execPath */
  nodePath?: string;
  /** Extra node flags for the runner. @defaultValue ['--disable-warning=ExperimentalWarning'] */
  nodeArgs?: string[];
  /** Restarts (for restartPolicy Always/OnFailure), back-off, stop grace, log rotation. */
  supervision?: SupervisionOptions;
}
