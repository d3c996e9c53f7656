import { MosaicError } from './mosaic-error.js';

/** A watch or list asked for a revision older than the retained history: re-list and watch from the new revision. */
export class RevisionCompactedError extends MosaicError {
  readonly code = 'OUT_OF_RANGE' as const;
}
