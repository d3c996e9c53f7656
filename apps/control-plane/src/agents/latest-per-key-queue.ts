/**
 * Runs `handle` for the values pushed under each key, one at a time per key, and skips
 * values superseded while waiting: only the newest pending value of a key is handled.
 * An agent may report an instance many times a second; the store only needs the last state,
 * in order.
 */
export class LatestPerKeyQueue<T> {
  private readonly pending = new Map<string, T>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly handle: (key: string, value: T) => Promise<void>,
    private readonly onError: (err: unknown, key: string) => void,
  ) {}

  push(key: string, value: T): void {
    this.pending.set(key, value);
    if (!this.running.has(key)) this.running.set(key, this.run(key));
  }

  /** Resolves when everything pushed so far has been handled. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all(this.running.values());
  }

  private async run(key: string): Promise<void> {
    try {
      for (let value = this.take(key); value.has; value = this.take(key)) {
        try {
          await this.handle(key, value.value);
        } catch (err) {
          this.onError(err, key);
        }
      }
    } finally {
      this.running.delete(key);
    }
  }

  private take(key: string): { has: true; value: T } | { has: false } {
    if (!this.pending.has(key)) return { has: false };
    const value = this.pending.get(key) as T;
    this.pending.delete(key);
    return { has: true, value };
  }
}
