import { execFile } from 'node:child_process';
import type { EbpfSpec } from '@mosaic/api';
import { loaderFailureReason, parseLoaderManifest, summarizeLoaderError, type LoaderManifest } from './loader-manifest.js';

export type LoaderResult =
  | { ok: true; manifest: LoaderManifest; output: string }
  | { ok: false; reason: string; message: string; output: string };

/** The attach target in the loader's terms; xdp's target is the mode (auto|generic|native). */
export function loaderTargetArgs(spec: EbpfSpec, maxMapEntries: number): string[] {
  const args = ['--type', spec.attach.type, '--target', spec.attach.target, '--max-map-entries', String(maxMapEntries)];
  if (spec.attach.interface !== undefined) args.push('--interface', spec.attach.interface);
  if (spec.program.program !== undefined) args.push('--program', spec.program.program);
  return args;
}

/**
 * Runs the loader: `verify` loads the program through the kernel verifier and checks the
 * attach target, attaching and pinning nothing; `attach` loads, attaches and pins under
 * `pinDir`. A failure is a value with the instance reason its exit code stands for.
 */
export function runLoader(loader: string, mode: 'verify' | 'attach', objectPath: string, pinDir: string | undefined, targetArgs: string[], timeoutMs: number): Promise<LoaderResult> {
  const args = [mode, objectPath, ...(mode === 'attach' && pinDir ? [pinDir] : []), ...targetArgs];
  return new Promise((resolve) => {
    execFile(loader, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: {} }, (err, stdout, stderr) => {
      const output = `${stderr}${stdout}`;
      if (!err) {
        const manifest = parseLoaderManifest(stdout);
        if (manifest) return resolve({ ok: true, manifest, output });
        return resolve({ ok: false, reason: loaderFailureReason(null), message: `the loader printed no manifest: ${stdout.slice(0, 200)}`, output });
      }
      const code = typeof err.code === 'number' ? err.code : null;
      const message = err.killed ? `the loader did not finish within ${timeoutMs} ms` : summarizeLoaderError(stderr) || err.message;
      resolve({ ok: false, reason: loaderFailureReason(code), message, output });
    });
  });
}
