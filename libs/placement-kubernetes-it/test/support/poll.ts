/** Polls `probe` until it returns a value other than undefined; fails after `timeoutMs` with the last state. */
export async function pollUntil<T>(description: string, timeoutMs: number, probe: () => Promise<T | undefined>, describeLast?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      const last = describeLast?.() ?? lastError;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${last === '' ? '' : ` (last: ${last})`}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
