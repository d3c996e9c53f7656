import { InvalidArgumentError } from '@mosaic/api';

/** A job id (or workload key) that cannot name a job: empty, or not a string. */
export class InvalidJobIdError extends InvalidArgumentError {
  constructor(readonly jobId: unknown) {
    super(`invalid job id ${JSON.stringify(jobId)}: job ids are non-empty strings`);
  }
}
