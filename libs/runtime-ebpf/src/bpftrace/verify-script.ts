import { execFile } from 'node:child_process';

/** bpftrace's complaint about RLIMIT_MEMLOCK when it may not raise it: harmless on kernels ≥ 5.11 (memcg accounting). */
const NOISE = [/couldn't set RLIMIT_MEMLOCK/, /Error while reading traceable functions/];

/** bpftrace's error lines (with their source excerpts), without known noise. */
export function bpftraceErrors(output: string): string {
  const lines = output.split('\n').filter((l) => l.trim() !== '' && !NOISE.some((n) => n.test(l)));
  const first = lines.findIndex((l) => /ERROR/.test(l));
  return (first < 0 ? lines : lines.slice(first)).slice(0, 12).join('\n').trim();
}

/**
 * Runs bpftrace's dry run on a script file: parse, type check and code generation, without
 * loading anything into the kernel. Resolves to undefined when it passes, else to bpftrace's
 * error text. With no dry-run flag (`dryRunArgs` empty) it resolves to undefined: the real
 * start verifies (it fails before the attach marker).
 */
export function verifyScript(bpftrace: string, dryRunArgs: readonly string[], file: string, env: Record<string, string>, timeoutMs: number): Promise<string | undefined> {
  if (dryRunArgs.length === 0) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    // stdout carries the debug dump of `-d`: only stderr matters.
    execFile(bpftrace, [...dryRunArgs, file], { env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, _stdout, stderr) => {
      if (!err) return resolve(undefined);
      const text = bpftraceErrors(stderr);
      if (err.killed) return resolve(`the dry run did not finish within ${timeoutMs} ms${text ? `: ${text}` : ''}`);
      resolve(text || `bpftrace exited with ${String(err.code ?? err.signal)}`);
    });
  });
}
