import type { ClientReadableStream, ServiceError, StatusObject } from '@grpc/grpc-js';
import type { pb } from '@mosaic/proto';
import type { WorkloadClient } from './grpc-client.js';

/** Records a Watch stream so tests can wait for events and for its end. */
export class WatchRecorder {
  readonly events: pb.WatchEvent__Output[] = [];
  /** Resolves with the final status (OK or error) when the stream ends. */
  readonly ended: Promise<{ code: number; details: string }>;
  private readonly stream: ClientReadableStream<pb.WatchEvent__Output>;
  private waiters: (() => void)[] = [];

  constructor(client: WorkloadClient, request: pb.WatchRequest) {
    this.stream = client.Watch(request);
    this.stream.on('data', (event: pb.WatchEvent__Output) => {
      this.events.push(event);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.ended = new Promise((resolve) => {
      let settled = false;
      const done = (s: { code: number; details: string }) => {
        if (settled) return;
        settled = true;
        resolve(s);
        for (const wake of this.waiters.splice(0)) wake();
      };
      this.stream.on('status', (s: StatusObject) => done({ code: s.code, details: s.details }));
      this.stream.on('error', (e: ServiceError) => done({ code: e.code, details: e.details }));
    });
  }

  /** Events other than bookmarks. */
  get changes(): pb.WatchEvent__Output[] {
    return this.events.filter((e) => e.type !== 'BOOKMARK');
  }

  /** Waits until `predicate` holds for the recorded events; fails after `timeoutMs`. */
  async waitFor(predicate: (events: pb.WatchEvent__Output[]) => boolean, timeoutMs = 5000, what = 'watch events'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let endedFlag = false;
    void this.ended.then(() => (endedFlag = true));
    while (!predicate(this.events)) {
      const left = deadline - Date.now();
      if (left <= 0 || endedFlag) {
        throw new Error(`timed out waiting for ${what}; got ${this.events.length}: ${JSON.stringify(this.events.map((e) => [e.type, e.resourceVersion, e.workload?.metadata?.name]))}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for at least `n` non-bookmark events. */
  waitForChanges(n: number, timeoutMs = 5000): Promise<void> {
    return this.waitFor((events) => events.filter((e) => e.type !== 'BOOKMARK').length >= n, timeoutMs, `${n} changes`);
  }

  cancel(): void {
    this.stream.cancel();
  }
}
