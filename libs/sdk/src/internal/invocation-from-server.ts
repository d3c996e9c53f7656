import type { pb } from '@mosaic/proto';
import type { Invocation, InvocationState, InvocationTrigger } from '../function-types.js';

/** `mosaic.v1.Invocation` (JSON text, proto3 defaults) → the SDK's Invocation (parsed JSON, absent fields left out). */
export function invocationFromServer(raw: pb.Invocation__Output): Invocation {
  const inv: Invocation = {
    id: raw.id ?? '',
    namespace: raw.namespace ?? '',
    name: raw.name ?? '',
    revision: raw.revision ?? 0,
    state: (raw.state ?? 'queued') as InvocationState,
    attempts: raw.attempts ?? 0,
    maxAttempts: raw.maxAttempts ?? 0,
    input: parseJson(raw.input),
    trigger: (raw.trigger ?? 'api') as InvocationTrigger,
    acceptedAt: raw.acceptedAt ?? '',
  };
  if (inv.state === 'succeeded') inv.output = parseJson(raw.output);
  if (raw.error) inv.error = raw.error;
  if (raw.idempotencyKey) inv.idempotencyKey = raw.idempotencyKey;
  if (raw.startedAt) inv.startedAt = raw.startedAt;
  if (raw.finishedAt) inv.finishedAt = raw.finishedAt;
  if (raw.instance) inv.instance = raw.instance;
  const duration = Number(raw.durationMs ?? 0);
  if (inv.state === 'succeeded' && Number.isFinite(duration)) inv.durationMs = duration;
  return inv;
}

function parseJson(text: string | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
