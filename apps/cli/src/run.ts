import { CliError } from './errors/cli-error.js';
import { formatError } from './output/format-error.js';
import { createProgram } from './program.js';

/**
 * Runs the CLI and sets the exit code: commands report their own results; anything thrown
 * ends here as `error: …` on stderr (exit 1, or the CliError's own code). Commander prints
 * its own usage errors and exits 1 before this point.
 */
export async function run(argv: string[]): Promise<void> {
  try {
    await createProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CliError) {
      if (!err.silent) process.stderr.write(`error: ${err.message}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    process.stderr.write(formatError(err) + '\n');
    process.exitCode = 1;
  }
}
