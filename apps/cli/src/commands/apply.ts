import { Command, Option } from 'commander';
import type { WorkloadDocument } from '@mosaic/api';
import type { ApplyResult, MosaicClient } from '@mosaic/sdk';
import { CliError } from '../errors/cli-error.js';
import { loadFromPaths } from '../input/load-from-paths.js';
import { formatError } from '../output/format-error.js';
import { createProgress } from '../output/progress.js';
import { renderRolloutPreview } from '../output/render-rollout.js';
import { workloadRef } from '../output/workload-name.js';
import { collect, connectionFor, withClient } from '../runtime/global-options.js';

interface ApplyOptions {
  filename: string[];
  namespace?: string;
  dryRun: 'none' | 'client' | 'server';
  createOnly?: boolean;
}

/** Answers that concern one object; anything else (server down, auth) stops the whole command. */
const PER_OBJECT_CODES = new Set(['INVALID_ARGUMENT', 'FAILED_PRECONDITION', 'ALREADY_EXISTS', 'ABORTED', 'NOT_FOUND', 'RESOURCE_EXHAUSTED']);
const isPerObject = (err: unknown) => PER_OBJECT_CODES.has(String((err as { code?: unknown }).code));

const where = (d: WorkloadDocument) => `${workloadRef(d.workload.metadata)} (${d.file}:${d.line})`;

export function applyCommand(): Command {
  return new Command('apply')
    .description('create or update workloads from YAML/JSON files, directories (recursive) or stdin')
    .option('-f, --filename <path>', 'file, directory or - (stdin); repeatable', collect, [])
    .option('-n, --namespace <namespace>', 'namespace for documents that name none')
    .addOption(new Option('--dry-run <mode>', 'client: validate locally; server: validate on the server; neither writes').choices(['none', 'client', 'server']).default('none'))
    .option('--create-only', 'fail instead of updating workloads that exist')
    .action(async (opts: ApplyOptions, cmd: Command) => {
      const documents = await loadFromPaths(opts.filename, { ...(opts.namespace ? { explicit: opts.namespace } : {}), fallback: connectionFor(cmd).namespace });
      if (opts.dryRun === 'client') {
        for (const d of documents) process.stdout.write(`${workloadRef(d.workload.metadata)} valid (client dry run)\n`);
        return;
      }
      await withClient(cmd, async (client) => {
        // Pass 1: the server checks every object (immutable fields, preconditions) and nothing is written unless all pass.
        const planned = await serverDryRun(client, documents, opts.createOnly ?? false);
        if (opts.dryRun === 'server') {
          for (const [i, p] of planned.entries()) {
            process.stdout.write(`${workloadRef(p.workload.metadata)} ${p.result} (server dry run)\n`);
            // What the rollout would do with a changed spec: revision, steps, nodes for a probe
            // (every document passed the dry run, so planned[i] is documents[i]).
            if (p.result === 'configured') process.stdout.write(renderRolloutPreview(await client.previewRollout(documents[i]!.workload)));
          }
          return;
        }
        // Pass 2: write, in document order.
        await applyAll(client, documents, opts.createOnly ?? false);
      });
    });
}

async function serverDryRun(client: MosaicClient, documents: WorkloadDocument[], createOnly: boolean): Promise<ApplyResult[]> {
  const progress = createProgress(documents.length, 'checking on the server', process.stderr);
  const results: ApplyResult[] = [];
  const rejected: string[] = [];
  for (const d of documents) {
    try {
      results.push(await client.apply(d.workload, { dryRun: true, createOnly }));
    } catch (err) {
      if (!isPerObject(err)) throw err;
      rejected.push(`${where(d)}: ${formatError(err).replace(/^error: /, '')}`);
    }
    progress.tick();
  }
  progress.done();
  if (rejected.length) {
    for (const r of rejected) process.stderr.write(`error: ${r}\n`);
    throw new CliError(`the server rejected ${rejected.length} of ${documents.length} workload(s); nothing was applied`);
  }
  return results;
}

async function applyAll(client: MosaicClient, documents: WorkloadDocument[], createOnly: boolean): Promise<void> {
  const progress = createProgress(documents.length, 'applying', process.stderr);
  let failed = 0;
  for (const d of documents) {
    try {
      const { workload, result } = await client.apply(d.workload, { createOnly });
      progress.done();
      process.stdout.write(`${workloadRef(workload.metadata)} ${result}\n`);
    } catch (err) {
      // Something changed since the dry run (a concurrent writer): report it and go on with the rest.
      if (!isPerObject(err)) throw err;
      failed++;
      process.stderr.write(`error: ${where(d)}: ${formatError(err).replace(/^error: /, '')}\n`);
    }
    progress.tick();
  }
  progress.done();
  if (failed) throw new CliError(`${failed} of ${documents.length} workload(s) failed to apply`);
}
