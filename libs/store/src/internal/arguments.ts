import { InvalidArgumentError, parseLabelSelector, type LabelSelector } from '@mosaic/api';

/** `value` as a non-negative safe integer, or an InvalidArgumentError naming `path`. */
export function nonNegativeInteger(value: number, path: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(`invalid ${path}`, [{ path, message: `must be a non-negative integer, got ${String(value)}` }]);
  }
  return value;
}

/** A selector option as a parsed selector (`undefined` when absent or empty). */
export function resolveSelector(selector: LabelSelector | string | undefined): LabelSelector | undefined {
  const parsed = typeof selector === 'string' ? parseLabelSelector(selector) : selector;
  return parsed && parsed.requirements.length > 0 ? parsed : undefined;
}
