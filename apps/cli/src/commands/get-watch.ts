import type { MosaicClient, Workload, WatchEventType } from '@mosaic/sdk';
import { stringify } from 'yaml';
import { columnWidths, renderRows } from '../output/table.js';
import { workloadHeader, workloadRow } from '../output/workload-columns.js';
import { workloadRef } from '../output/workload-name.js';
import type { GetOptions } from './get.js';

interface WatchParams {
  name: string | undefined;
  namespace: string | undefined;
  resourceVersion: string;
  /** The current state, printed first (as ADDED events). */
  initial: Workload[];
  opts: GetOptions;
}

/**
 * `get --watch`: the current objects, then one row (or document) per change, watched from
 * the list's revision so nothing in between is missed. Runs until interrupted; the SDK's
 * watch reconnects by itself if the server restarts. Table columns keep the widths of the
 * first batch, as kubectl's do.
 */
export async function watchWorkloads(client: MosaicClient, p: WatchParams): Promise<void> {
  const { opts } = p;
  const cols = { allNamespaces: Boolean(opts.allNamespaces), wide: opts.output === 'wide' };
  const withEvent = Boolean(opts.outputWatchEvents);
  const row = (type: WatchEventType, w: Workload) => [...(withEvent ? [type] : []), ...workloadRow(w, cols, new Date())];
  const header = [...(withEvent ? ['EVENT'] : []), ...workloadHeader(cols)];
  const initialRows = p.initial.map((w) => row('ADDED', w));
  const widths = columnWidths([header, ...initialRows, ...(withEvent ? [['MODIFIED']] : [])]);

  const print = (type: WatchEventType, w: Workload) => {
    if (opts.output === 'table' || opts.output === 'wide') process.stdout.write(renderRows([row(type, w)], widths)[0] + '\n');
    else if (opts.output === 'name') process.stdout.write(`${workloadRef(w.metadata)}\n`);
    else if (opts.output === 'json') process.stdout.write(JSON.stringify(withEvent ? { type, object: w } : w, null, 2) + '\n');
    else process.stdout.write('---\n' + stringify(withEvent ? { type, object: w } : w));
  };

  if (opts.output === 'table' || opts.output === 'wide') process.stdout.write(renderRows([header], widths)[0] + '\n');
  for (const w of p.initial) print('ADDED', w);

  const stream = client.watch({
    resourceVersion: p.resourceVersion,
    ...(p.namespace ? { namespace: p.namespace } : {}),
    ...(opts.selector ? { labelSelector: opts.selector } : {}),
    ...(opts.runtime ? { runtime: opts.runtime } : {}),
  });
  for await (const event of stream) {
    if (p.name && event.workload.metadata.name !== p.name) continue;
    print(event.type, event.workload);
  }
}
