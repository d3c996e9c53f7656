import { ResourceExhaustedError } from '@mosaic/api';

/**
 * An unbounded-looking but capped async queue between a producer that cannot wait (chunks
 * arriving on an agent's stream) and a consumer that may be slow (a `mosaic logs` client).
 * When more than `maxBufferedChars` wait, the queue fails instead of growing: one slow log
 * reader must not make the control plane hold an agent's whole output in memory.
 */
export class ChunkQueue implements AsyncIterable<string> {
  private readonly items: string[] = [];
  private buffered = 0;
  private done = false;
  private error: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly maxBufferedChars: number) {}

  push(chunk: string): void {
    if (this.done) return;
    this.items.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered > this.maxBufferedChars) {
      this.fail(new ResourceExhaustedError(`the log reader fell more than ${this.maxBufferedChars} characters behind; read faster or ask for less (--tail)`));
    }
    this.notify();
  }

  /** No more chunks: the iteration ends once the buffered ones are read. */
  end(): void {
    this.done = true;
    this.notify();
  }

  /** The iteration throws `err` at once (buffered chunks are dropped). No-op after `end()`. */
  fail(err: Error): void {
    if (this.done) return;
    this.error = err;
    this.items.length = 0;
    this.done = true;
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for (;;) {
      if (this.error !== undefined) throw this.error;
      const next = this.items.shift();
      if (next !== undefined) {
        this.buffered -= next.length;
        yield next;
        continue;
      }
      if (this.done) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
