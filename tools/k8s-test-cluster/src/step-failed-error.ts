/** A named step of `up`/`down`/build failed; carries the log that explains why. */
export class StepFailedError extends Error {
  override readonly name = 'StepFailedError';
  readonly code = 'STEP_FAILED';

  constructor(
    readonly step: string,
    readonly reason: string,
    readonly logPath?: string,
    readonly logTail?: string,
  ) {
    super(`step "${step}" failed: ${reason}`);
  }

  /** The multi-line report printed to stderr by the CLI. */
  report(): string {
    const lines = [`k8s-test-cluster: ${this.message}`];
    if (this.logPath !== undefined) {
      lines.push(`--- last lines of ${this.logPath} ---`, this.logTail ?? '(empty)', '--- end of log ---');
    }
    return lines.join('\n');
  }
}
