import { scanScript, type ScriptMap } from './script-scan.js';

/**
 * The line the instrumented script prints from `BEGIN`. bpftrace runs BEGIN only after every
 * probe of the script is attached (and exits with an error before it when one cannot be), so
 * seeing this line means "attached" — the one signal bpftrace 0.17 gives for it: its own
 * `attached_probes` event is printed *before* attaching.
 */
export const ATTACHED_MARKER = '__mosaic_attached__';

export interface InstrumentOptions {
  /**
   * Print every map this often, so exported values stay current while the probe runs
   * (bpftrace itself prints maps only at exit). 0 disables the injected print.
   */
  printIntervalMs: number;
}

export interface InstrumentedScript {
  /** The script to run: the user's, plus the attach marker and the periodic map print. */
  script: string;
  /** The maps found, for naming metrics and labels. */
  maps: ScriptMap[];
}

const markerStatement = `printf("${ATTACHED_MARKER}\\n");`;

/**
 * Adds what the driver needs to a bpftrace script, without changing what it does:
 *
 * - the attach marker: a `printf` at the start of the script's own `BEGIN` block (bpftrace
 *   allows one), or a new `BEGIN { printf(…) }` appended at the end;
 * - an `interval:ms:N { print(@a); print(@b); … }` probe printing every map the script uses.
 *
 * Both go at the end (or inside BEGIN), never in front: struct definitions, `#include`s and
 * `config = {…}` blocks must stay first.
 *
 * @example
 * instrumentScript('tracepoint:syscalls:sys_enter_openat { @opens[comm] = count(); }', { printIntervalMs: 1000 }).script
 * // tracepoint:syscalls:sys_enter_openat { @opens[comm] = count(); }
 * // BEGIN { printf("__mosaic_attached__\n"); }
 * // interval:ms:1000 { print(@opens); }
 */
export function instrumentScript(source: string, options: InstrumentOptions): InstrumentedScript {
  const scan = scanScript(source);
  let script = source;
  if (scan.beginBody !== undefined) {
    script = `${source.slice(0, scan.beginBody)} ${markerStatement}${source.slice(scan.beginBody)}`;
  }
  const tail: string[] = [];
  if (scan.beginBody === undefined) tail.push(`BEGIN { ${markerStatement} }`);
  if (options.printIntervalMs > 0 && scan.maps.length > 0) {
    const prints = scan.maps.map((m) => `print(@${m.name});`).join(' ');
    tail.push(`interval:ms:${Math.max(1, Math.round(options.printIntervalMs))} { ${prints} }`);
  }
  script = `${script.replace(/\s*$/, '')}\n${tail.join('\n')}\n`;
  return { script, maps: scan.maps };
}
