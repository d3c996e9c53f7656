import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { CliError } from '../errors/cli-error.js';

/** One input stream of documents and the name errors will point at. */
export interface Source {
  name: string;
  text: string;
}

/** Extensions picked up when walking a directory (a file named explicitly is read whatever its name). */
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Reads all of stdin as UTF-8. */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Expands `-f` arguments into sources, in a stable order: arguments as given, directory
 * contents walked recursively in sorted order (so applies and diffs are reproducible),
 * `-` as stdin (once).
 */
export async function readSources(paths: readonly string[], stdin: () => Promise<string> = readStdin): Promise<Source[]> {
  const out: Source[] = [];
  let stdinRead = false;
  for (const path of paths) {
    if (path === '-') {
      if (stdinRead) throw new CliError('"-" (stdin) can be given only once');
      stdinRead = true;
      out.push({ name: '<stdin>', text: await stdin() });
      continue;
    }
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new CliError(`the path "${path}" does not exist`);
    if (info.isDirectory()) {
      for (const file of await walk(path)) out.push({ name: file, text: await readFile(file, 'utf8') });
    } else {
      out.push({ name: path, text: await readFile(path, 'utf8') });
    }
  }
  return out;
}

async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) files.push(...(await walk(path)));
    else if (MANIFEST_EXTENSIONS.has(extname(e.name).toLowerCase())) files.push(path);
  }
  return files;
}
