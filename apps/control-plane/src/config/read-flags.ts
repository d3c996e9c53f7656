import { InvalidArgumentError } from '@mosaic/api';
import { parseArgs } from 'node:util';
import type { ControlPlaneOptions } from './control-plane-options.js';
import { OPTION_TABLE } from './option-table.js';

/** What the command line asked for. */
export interface CommandLine {
  options: ControlPlaneOptions;
  /** `--config FILE` */
  configFile?: string;
  help: boolean;
  version: boolean;
}

/**
 * Parses the bin's flags (`--state-dir DIR` and `--state-dir=DIR` both work). Unknown flags
 * and stray arguments are errors rather than ignored, so a typo never silently falls back to
 * a default.
 * @throws InvalidArgumentError naming the flag.
 */
export function readFlags(argv: readonly string[]): CommandLine {
  const optionConfig = Object.fromEntries(OPTION_TABLE.map((o) => [o.flag, { type: 'string' as const }]));
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ...optionConfig,
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (err) {
    // parseArgs throws TypeErrors such as "Unknown option '--stat-dir'"; they become usage errors.
    throw new InvalidArgumentError('invalid command line', [{ path: 'argv', message: (err as Error).message }]);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const options: Record<string, unknown> = {};
  for (const spec of OPTION_TABLE) {
    const raw = values[spec.flag];
    if (raw !== undefined) options[spec.key] = spec.parse(raw, `--${spec.flag}`);
  }
  const configFile = values['config'];
  return {
    options: options,
    ...(typeof configFile === 'string' ? { configFile } : {}),
    help: values['help'] === true,
    version: values['version'] === true,
  };
}
