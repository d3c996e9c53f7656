import { InvalidArgumentError } from '@mosaic/api';
import type { pb } from '@mosaic/proto';
import type { Invocation } from './invocation-types.js';

/** An invocation as `mosaic.v1.Invocation` (input and output as JSON text). */
export function invocationToProto(inv: Invocation): pb.Invocation {
  return {
    id: inv.id,
    namespace: inv.namespace,
    name: inv.name,
    revision: inv.revision,
    state: inv.state,
    attempts: inv.attempts,
    maxAttempts: inv.maxAttempts,
    input: JSON.stringify(inv.input ?? null),
    output: inv.state === 'succeeded' ? JSON.stringify(inv.output ?? null) : '',
    error: inv.error ?? '',
    trigger: inv.trigger,
    idempotencyKey: inv.idempotencyKey ?? '',
    acceptedAt: inv.acceptedAt,
    startedAt: inv.startedAt ?? '',
    finishedAt: inv.finishedAt ?? '',
    instance: inv.instance ?? '',
    // int64 on the wire: a fractional string would be misread (Long.fromString("10.5") is 105).
    durationMs: String(Math.round(inv.durationMs ?? 0)),
  };
}

/** JSON text of an input; empty text is `null`. @throws InvalidArgumentError naming the field. */
export function parseInputJson(text: string | undefined, field = 'input'): unknown {
  if (text === undefined || text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InvalidArgumentError('invalid request', [{ path: field, message: `must be JSON: ${(err as Error).message}` }]);
  }
}
