import { execFile } from 'node:child_process';
import type { RuntimeAvailability } from '@mosaic/runtime';
import { buildNodeSandboxArgs, type HostPathEntry } from './bwrap-args.js';
import { detectHostLayout, findExecutable } from './host-layout.js';

/** What {@link detectSandbox} found out; drivers compute it once. */
export interface SandboxState {
  availability: RuntimeAvailability;
  /** Set when bubblewrap works. */
  bwrap?: string;
  layout: HostPathEntry[];
}

/** Options of {@link detectSandbox}. */
export interface DetectSandboxOptions {
  /** Named in the hint of an unavailable sandbox, e.g. `wasm`. */
  driver: string;
  /** The node binary the sandbox will run. */
  node: string;
  /** The bubblewrap binary. @defaultValue `bwrap` looked up on {@link searchPath} */
  bwrapPath?: string;
  /** @defaultValue process.env.PATH */
  searchPath?: string;
  /** Report available (reason `Unsandboxed`) when bubblewrap does not work. @defaultValue false */
  allowUnsandboxed?: boolean;
}

/**
 * Finds bubblewrap and proves it works by running `node -e 0` in a minimal sandbox — the
 * probe of every driver that runs node inside one (wasm, function).
 */
export async function detectSandbox(options: DetectSandboxOptions): Promise<SandboxState> {
  const layout = detectHostLayout();
  const bwrap = options.bwrapPath ?? findExecutable('bwrap', options.searchPath ?? process.env['PATH']);
  let problem: string;
  if (!bwrap) {
    problem = 'bubblewrap (bwrap) was not found on PATH; install the bubblewrap package';
  } else {
    const args = buildNodeSandboxArgs({ hostLayout: layout, node: options.node, nodeArgs: [], binds: [], network: false, script: '-e', scriptArgs: ['0'] });
    const failure = await new Promise<string | undefined>((done) => {
      execFile(bwrap, args, { timeout: 15_000, env: {} }, (err, _stdout, stderr) => done(err ? (stderr.trim() || err.message) : undefined));
    });
    if (failure === undefined) {
      return { availability: { available: true, details: { sandbox: 'bubblewrap', bwrap } }, bwrap, layout };
    }
    problem = `bubblewrap at ${bwrap} cannot create a sandbox here: ${failure}`;
  }
  if (options.allowUnsandboxed) {
    return {
      availability: { available: true, reason: 'Unsandboxed', message: `${problem}; running WITHOUT an OS sandbox (allowUnsandboxed)`, details: { sandbox: 'none' } },
      layout,
    };
  }
  return {
    availability: { available: false, reason: 'SandboxUnavailable', message: `${problem}, or configure the ${options.driver} driver with allowUnsandboxed: true for trusted code` },
    layout,
  };
}
