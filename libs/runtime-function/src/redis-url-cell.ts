/**
 * The Redis URL of the control plane's queues as this agent knows it: set from the agent's
 * `--redis-url` flag or from its registration. Function instances started before it is known
 * wait (Pending, QueueUnavailable) and start their queue worker when it arrives.
 */
export class RedisUrlCell {
  private value: string | undefined;
  private readonly listeners = new Set<(url: string) => void>();

  constructor(initial?: string) {
    this.value = initial || undefined;
  }

  get url(): string | undefined {
    return this.value;
  }

  /** Sets the URL (an empty one is ignored); listeners hear only actual changes. */
  set(url: string | undefined): void {
    if (!url || url === this.value) return;
    this.value = url;
    for (const l of [...this.listeners]) l(url);
  }

  subscribe(listener: (url: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
