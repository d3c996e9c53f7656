import type { Enqueue } from './change-triggers.js';

/** Slack after a deadline, so the reconcile that fires sees it as passed. */
const SLACK_MS = 50;

/**
 * In-process "reconcile again at T" per key, earliest wins. Lost on a restart on purpose: the
 * resync after start covers whatever was pending.
 */
export class RequeueTimers {
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private closed = false;

  constructor(private readonly enqueue: Enqueue) {}

  at(key: string, atMs: number): void {
    if (this.closed) return;
    const existing = this.timers.get(key);
    if (existing && existing.at <= atMs) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.enqueue(key);
    }, Math.max(0, atMs - Date.now()) + SLACK_MS);
    timer.unref();
    this.timers.set(key, { at: atMs, timer });
  }

  /** Cancels every timer; later `at` calls are ignored (the reconciler is stopping). */
  clear(): void {
    this.closed = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
