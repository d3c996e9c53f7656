/**
 * Coalesces "instance X changed" into one report per instance per `delayMs`: a burst of
 * changes (Starting → Running, a restart and its condition) becomes one message with the
 * latest state. Keys stay pending while `send` cannot deliver (not registered yet) and go
 * out with the next flush, so a change made while (re)connecting is not lost.
 */
export class ReportBatcher {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly delayMs: number,
    /** Sends the current report of `key`; false when it could not be sent now. */
    private readonly send: (key: string) => boolean,
  ) {}

  mark(key: string): void {
    this.pending.add(key);
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  /** Drops a pending key (its final report was sent another way). */
  forget(key: string): void {
    this.pending.delete(key);
  }

  /** Sends everything pending now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const key of [...this.pending]) {
      if (!this.send(key)) return; // not connected: keep the rest for the next flush
      this.pending.delete(key);
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
