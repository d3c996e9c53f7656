import { existsSync } from 'node:fs';
import { tailFile } from './log-tail.js';
import { StepFailedError } from './step-failed-error.js';

/** Progress goes to stderr: stdout is reserved for the kubeconfig path and status output. */
export function progress(message: string): void {
  process.stderr.write(`[k8s-test-cluster] ${message}\n`);
}

/**
 * Runs one named step. Any failure becomes a StepFailedError naming the step and,
 * when the step has a log, its tail, so a broken build or start explains itself.
 */
export async function step<T>(name: string, run: () => Promise<T>, logPath?: string): Promise<T> {
  const started = Date.now();
  progress(`${name} ...`);
  try {
    const result = await run();
    progress(`${name}: done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return result;
  } catch (error) {
    if (error instanceof StepFailedError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    const log = logPath !== undefined && existsSync(logPath) ? logPath : undefined;
    throw new StepFailedError(name, reason, log, log === undefined ? undefined : tailFile(log));
  }
}
