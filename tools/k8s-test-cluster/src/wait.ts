/** Options for {@link waitFor}. */
export interface WaitOptions {
  /** What is awaited, for the timeout message. */
  readonly description: string;
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** @defaultValue 250 */
  readonly intervalMs?: number;
  /**
   * Checked before each probe; a string return aborts the wait at once with that
   * reason (e.g. "kube-apiserver exited with code 1"), so a crash never waits out the timeout.
   */
  readonly abortIf?: () => string | undefined;
}

/**
 * Polls `probe` until it returns true. A probe that throws or returns a string
 * counts as "not yet"; its last message is reported on timeout.
 */
export async function waitFor(options: WaitOptions, probe: () => Promise<boolean | string>): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 250;
  let last: string;
  for (;;) {
    const abort = options.abortIf?.();
    if (abort !== undefined) throw new Error(`${options.description}: ${abort}`);
    try {
      const result = await probe();
      if (result === true) return;
      last = result === false ? 'not ready' : result;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${Math.round(options.timeoutMs / 1000)}s waiting for ${options.description} (last: ${last})`);
    }
    await sleep(interval);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
