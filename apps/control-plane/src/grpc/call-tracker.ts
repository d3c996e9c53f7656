/**
 * Knows which calls are in flight, so shutdown can let them finish instead of cutting them
 * off, and can end watch streams on purpose. Calls are counted from the moment their headers
 * arrive (by the interceptor), so a request still being received when shutdown starts counts.
 */
export class CallTracker {
  private inFlight = 0;
  private closing = false;
  private idleWaiters: (() => void)[] = [];
  private readonly watches = new Set<AbortController>();

  /**
   * @param detached methods that never end on their own (a health Watch lasts as long as its
   * client wants): shutdown does not wait for them, they are cancelled once the rest is done.
   */
  constructor(private readonly detached: ReadonlySet<string>) {}

  /** Registers a call to `path`; the returned function ends it (idempotent). */
  begin(path: string): () => void {
    if (this.detached.has(path)) return () => {};
    this.inFlight++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    };
  }

  /** A signal that aborts when shutdown ends the watch; `release` unregisters it. */
  watchSignal(): { controller: AbortController; release: () => void } {
    const controller = new AbortController();
    if (this.closing) controller.abort();
    this.watches.add(controller);
    return { controller, release: () => this.watches.delete(controller) };
  }

  /** Ends every watch stream (each ends with status OK after its last event) and any started later. */
  endWatches(): void {
    this.closing = true;
    for (const watch of this.watches) watch.abort();
  }

  /** Resolves when no (non-detached) call is in flight. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get size(): number {
    return this.inFlight;
  }
}
