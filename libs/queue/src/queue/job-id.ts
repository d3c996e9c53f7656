import { InvalidJobIdError } from '../errors/invalid-job-id-error.js';

/**
 * Maps a Mosaic id (a workload key `namespace/name`, a rollout step id, …) to a BullMQ custom job
 * id, deterministically and injectively, so the same logical job always gets the same id.
 *
 * BullMQ rejects custom ids that contain `:` (its key separator) or that read as an integer (they
 * would clash with its generated ids), and it stores a job under `<prefix>:<queue>:<id>`, next to
 * its own keys (`wait`, `meta`, `id`, …), so an id like `meta` would overwrite queue state. Hence:
 * `%` and `:` are percent-escaped, and an id that reads as an integer or is a bare lowercase word
 * gets the marker `%~` in front (no escape produces `%~`, so decoding stays unambiguous).
 *
 * | id              | job id             |
 * |-----------------|--------------------|
 * | `shop/checkout` | `shop/checkout`    |
 * | `a:b`           | `a%3Ab`            |
 * | `100%`          | `100%25`           |
 * | `42`            | `%~42`             |
 * | `meta`          | `%~meta`           |
 */
export function encodeJobId(id: string): string {
  if (typeof id !== 'string' || id.length === 0) throw new InvalidJobIdError(id);
  const escaped = id.replace(/[%:]/g, (c) => (c === '%' ? '%25' : '%3A'));
  return String(parseInt(escaped, 10)) === escaped || /^[a-z-]+$/.test(escaped) ? `%~${escaped}` : escaped;
}

/** Inverse of {@link encodeJobId}. */
export function decodeJobId(jobId: string): string {
  const body = jobId.startsWith('%~') ? jobId.slice(2) : jobId;
  return body.replace(/%3A|%25/g, (e) => (e === '%3A' ? ':' : '%'));
}
