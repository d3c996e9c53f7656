import { formatViolation, type WorkloadDocument } from '@mosaic/api';
import { CliError } from '../errors/cli-error.js';
import { loadWorkloads, type NamespaceRule } from './load-workloads.js';
import { readSources } from './read-sources.js';

/**
 * `-f` paths → validated documents, or every violation printed to stderr (one
 * `file:line:col: field.path: message` per line) and a CliError: nothing is sent then.
 */
export async function loadFromPaths(paths: readonly string[], namespace: NamespaceRule, exitCode = 1): Promise<WorkloadDocument[]> {
  if (!paths.length) throw new CliError('must specify -f (a file, a directory, or - for stdin)', exitCode);
  const { documents, violations } = loadWorkloads(await readSources(paths), namespace);
  if (violations.length) {
    for (const v of violations) process.stderr.write(formatViolation(v) + '\n');
    const files = new Set(violations.map((v) => v.source?.file ?? '<stdin>')).size;
    throw new CliError(`${violations.length} error(s) in ${files} file(s); nothing was sent to the server`, exitCode);
  }
  if (!documents.length) throw new CliError('no objects passed: the given files hold no documents', exitCode);
  return documents;
}
