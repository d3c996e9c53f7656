import { readFileSync } from 'node:fs';
import { CliError } from '../errors/cli-error.js';

/**
 * The input of `mosaic invoke --data`: inline JSON (`'{"a":1}'`), `@file.json`, or `@-` for
 * stdin; absent: `undefined` (the handler gets null). Checked here so a typo fails before any
 * request, with the source named.
 */
export function readInvokeData(data: string | undefined, readFile: (path: string | 0) => string = (p) => readFileSync(p, 'utf8')): unknown {
  if (data === undefined) return undefined;
  const fromFile = data.startsWith('@');
  const source = fromFile ? (data === '@-' ? 'stdin' : data.slice(1)) : '--data';
  let text: string;
  try {
    text = fromFile ? readFile(data === '@-' ? 0 : data.slice(1)) : data;
  } catch (err) {
    throw new CliError(`cannot read ${source}: ${(err as Error).message}`);
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError(`${source} is not JSON: ${(err as Error).message}`);
  }
}
