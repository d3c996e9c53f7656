/** Driver → host: run one invocation (or, with `ping`, answer readiness). */
export interface RequestFrame {
  id: number;
  invocationId: string;
  input: unknown;
  timeoutMs: number;
  attempt: number;
  idempotencyKey?: string;
  ping?: boolean;
}

/** Why an invocation failed; `code` is one of the FailureCode constants. */
export interface FrameError {
  name: string;
  message: string;
  code: string;
}

/** Host → driver: the outcome of request `id`. */
export interface ResponseFrame {
  id: number;
  ok: boolean;
  output?: unknown;
  error?: FrameError;
  durationMs: number;
}

export const MAX_FRAME_BYTES: number;
export function encodeFrame(frame: object): string;
export class FrameDecoder {
  constructor(maxBytes?: number);
  push(chunk: Uint8Array | string): Record<string, unknown>[];
  get buffered(): number;
}
