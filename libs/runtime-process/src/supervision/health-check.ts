/** The result of one health probe. */
export interface ProbeResult {
  ok: boolean;
  /** For people: `HTTP 200`, `connect ECONNREFUSED 127.0.0.1:8080`, `exit code 1`. */
  detail: string;
}

/**
 * A periodic health check, as the supervisor runs it (the runtime turns its spec into one).
 * The first success moves the instance from Starting to Running; `failureThreshold` failures
 * in a row (counted from `initialDelayMs`) replace the process like a crash does.
 */
export interface HealthCheck {
  /** One probe; must settle soon after `signal` aborts (at `timeoutMs`). */
  probe(signal: AbortSignal): Promise<ProbeResult>;
  periodMs: number;
  timeoutMs: number;
  failureThreshold: number;
  initialDelayMs: number;
}
