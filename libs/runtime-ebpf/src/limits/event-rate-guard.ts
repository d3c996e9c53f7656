/** Verdict of {@link EventRateGuard.observe}. */
export interface EventRateVerdict {
  /** True once the limit was exceeded for `graceSeconds` whole seconds in a row. */
  exceeded: boolean;
  /** Events of the last complete second. */
  lastSecond: number;
  /** Complete seconds in a row over the limit. */
  strikes: number;
}

export interface EventRateGuardOptions {
  /** `limits.maxEventsPerSecond`. */
  maxPerSecond: number;
  /** Seconds in a row over the limit that are tolerated before `exceeded` (bursts pass). */
  graceSeconds: number;
}

/**
 * Enforces `limits.maxEventsPerSecond` on what a probe emits to user space: events are
 * counted in whole wall-clock seconds; a second over the limit is a strike, a second within
 * it clears the strikes, and `graceSeconds` strikes in a row exceed the limit (the driver then
 * detaches the probe). Seconds without any event count as within the limit. Pure: the caller
 * passes the time.
 *
 * Example with max 100, grace 2: seconds of 150, 80, 150, 150 events → strikes 1, 0, 1, 2 →
 * exceeded after the fourth second.
 */
export class EventRateGuard {
  private second: number | undefined;
  private count = 0;
  private strikes = 0;
  private last = 0;
  private tripped = false;

  constructor(private readonly options: EventRateGuardOptions) {}

  /** Records `events` at `nowMs` (0 to just let time pass) and returns the verdict so far. */
  observe(events: number, nowMs: number): EventRateVerdict {
    const second = Math.floor(nowMs / 1000);
    if (this.second === undefined) this.second = second;
    if (second > this.second) {
      this.close(this.count);
      // Whole seconds with no observation at all were quiet ones.
      if (second > this.second + 1) this.close(0);
      this.second = second;
      this.count = 0;
    }
    this.count += events;
    return { exceeded: this.tripped, lastSecond: this.last, strikes: this.strikes };
  }

  private close(count: number): void {
    this.last = count;
    this.strikes = count > this.options.maxPerSecond ? this.strikes + 1 : 0;
    if (this.strikes >= this.options.graceSeconds) this.tripped = true;
  }
}
