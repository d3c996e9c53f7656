import type { ControlPlaneOptions } from './control-plane-options.js';
import { OPTION_TABLE } from './option-table.js';

/**
 * Options from `MOSAIC_*` environment variables. Empty variables count as unset, the way
 * shells and container runtimes commonly "clear" a variable.
 * @throws InvalidArgumentError naming the variable.
 */
export function readEnv(env: Readonly<Record<string, string | undefined>>): ControlPlaneOptions {
  const options: Record<string, unknown> = {};
  for (const spec of OPTION_TABLE) {
    const raw = env[spec.env];
    if (raw !== undefined && raw !== '') options[spec.key] = spec.parse(raw, spec.env);
  }
  return options;
}
