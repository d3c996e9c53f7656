/** gRPC status names: the codes Mosaic errors (and the SDK's RpcError) carry. */
const STATUS_NAMES = new Set([
  'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE',
  'DATA_LOSS', 'UNAUTHENTICATED',
]);

/**
 * The one line (or block) the CLI prints for a failure: `error: <CODE>: <message>` for
 * errors that carry a gRPC status name (so `ABORTED` or `NOT_FOUND` is greppable), plain
 * `error: <message>` for everything else (Node's own errors already name their code).
 */
export function formatError(err: unknown): string {
  if (!(err instanceof Error)) return `error: ${String(err)}`;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && STATUS_NAMES.has(code)) return `error: ${code}: ${err.message}`;
  return `error: ${err.message}`;
}
