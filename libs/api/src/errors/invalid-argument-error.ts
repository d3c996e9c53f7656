import { formatViolation, type FieldViolation } from './field-violation.js';
import { MosaicError } from './mosaic-error.js';

/** The request or document is malformed; nothing was written. Carries every violation found. */
export class InvalidArgumentError extends MosaicError {
  readonly code = 'INVALID_ARGUMENT' as const;

  constructor(
    message: string,
    readonly violations: readonly FieldViolation[] = [],
  ) {
    super(violations.length ? `${message}:\n${violations.map((v) => '  ' + formatViolation(v)).join('\n')}` : message);
  }
}
