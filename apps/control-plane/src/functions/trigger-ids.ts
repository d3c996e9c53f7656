import { createHash } from 'node:crypto';

/** Control-plane queue holding one BullMQ job scheduler per function with a `schedule` trigger. */
export const SCHEDULE_QUEUE = 'fn-schedules';

/** The ingress queue of a function with a `queue` trigger: `trigger.queue.name`, else `fn-in.<ns>.<name>`. */
export function ingressQueueName(namespace: string, name: string, configured?: string): string {
  return configured || `fn-in.${namespace}.${name}`;
}

/** Job scheduler id of a function's schedule: `<ns>/<name>`. */
export function schedulerId(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/**
 * Invocation id of one schedule tick: derived from the tick's job id (BullMQ's
 * `repeat:<scheduler>:<millis>`), so a tick delivered twice is one invocation.
 */
export function scheduleInvocationId(namespace: string, name: string, tickJobId: string): string {
  return `s-${digest(`${namespace}/${name}\n${tickJobId}`)}`;
}

/** Invocation id of one ingress job: derived from the ingress queue and job id (a redelivery is one invocation). */
export function ingressInvocationId(queueName: string, jobId: string): string {
  return `q-${digest(`${queueName}\n${jobId}`)}`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
