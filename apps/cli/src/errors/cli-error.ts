/**
 * An error the CLI reports itself, with the exit code it should end with. `silent` means
 * the details were already printed (e.g. every validation error, one per line).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly silent = false,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
