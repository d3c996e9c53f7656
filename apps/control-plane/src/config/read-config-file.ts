import { InvalidArgumentError, NotFoundError } from '@mosaic/api';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { ControlPlaneOptions } from './control-plane-options.js';
import { OPTION_TABLE } from './option-table.js';

/**
 * Options from a YAML config file whose keys are the option names:
 *
 * ```yaml
 * stateDir: /var/lib/mosaic
 * listen: 0.0.0.0:7070
 * logLevel: debug
 * ```
 *
 * Unknown keys are errors (like the Workload schema), so a misspelt key is never ignored.
 * @throws NotFoundError when the file is missing; InvalidArgumentError listing every bad key.
 */
export function readConfigFile(file: string): ControlPlaneOptions {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError(`config file ${file} does not exist`);
    throw new InvalidArgumentError(`cannot read config file ${file}: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parse(text, { uniqueKeys: true, maxAliasCount: 10 });
  } catch (err) {
    throw new InvalidArgumentError(`config file ${file} is not valid YAML: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new InvalidArgumentError(`config file ${file} is invalid`, [{ path: '', message: 'must be a mapping of option names to values' }]);
  }
  const byKey = new Map(OPTION_TABLE.map((o) => [o.key as string, o]));
  const options: Record<string, unknown> = {};
  const violations = [];
  for (const [key, value] of Object.entries(doc)) {
    const spec = byKey.get(key);
    if (!spec) {
      violations.push({ path: key, message: `unknown option "${key}"; known: ${[...byKey.keys()].join(', ')}` });
      continue;
    }
    try {
      options[key] = spec.parse(value, key);
    } catch (err) {
      if (!(err instanceof InvalidArgumentError)) throw err;
      violations.push(...err.violations);
    }
  }
  if (violations.length) throw new InvalidArgumentError(`config file ${file} is invalid`, violations);
  return options;
}
