export interface HttpGatewayOptions {
  /**
   * Largest request body accepted; a larger one is answered 413.
   * @defaultValue 1_048_576 (1 MiB)
   */
  maxBodyBytes?: number;
  /**
   * How long a sync request waits for the handler's result before 504 (with the invocation id,
   * which keeps running). A client may ask for less with the `Request-Timeout` header (seconds).
   * @defaultValue 60_000
   */
  syncTimeoutMs?: number;
}
