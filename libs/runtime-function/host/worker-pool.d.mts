import type { ResponseFrame, RequestFrame } from './frame-codec.mjs';

export const FailureCode: Readonly<{
  HandlerError: 'HandlerError';
  DeadlineExceeded: 'DeadlineExceeded';
  OutOfMemory: 'OutOfMemory';
  HandlerExited: 'HandlerExited';
  HandlerCrashed: 'HandlerCrashed';
  InvalidOutput: 'InvalidOutput';
  HostUnavailable: 'HostUnavailable';
}>;

/** What the pool needs of a thread (a worker_threads Worker, or a stand-in in tests). */
export interface PoolThread {
  on(event: 'message', listener: (msg: Record<string, unknown>) => void): unknown;
  on(event: 'error', listener: (err: Error & { code?: string }) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  postMessage(msg: unknown): void;
  terminate(): unknown;
}

export class WorkerPool {
  constructor(options: { size: number; spawn: () => PoolThread; onReplace?: (reason: string) => void });
  start(): Promise<void>;
  startOne(): Promise<void>;
  fill(): Promise<void>;
  run(request: Omit<RequestFrame, 'ping'>): Promise<ResponseFrame>;
  readonly inFlight: number;
  readonly queued: number;
  readonly threads: number;
  close(): Promise<void>;
}
