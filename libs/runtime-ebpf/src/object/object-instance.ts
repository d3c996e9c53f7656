import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Condition, InstanceState, RuntimeName } from '@mosaic/api';
import {
  INSTANCE_RECORD_VERSION, InstanceReason, isTerminalState,
  type InstanceHandle, type InstanceRecord, type InstanceSpec,
  type MetricFamily, type RuntimeContext,
} from '@mosaic/runtime';
import { FileInstanceLogs, InstanceEventSource } from '@mosaic/runtime-process';
import { DRIVER_METRIC_PREFIX } from '../metrics/metric-names.js';
import { dumpPinnedMap } from './bpftool.js';
import type { LoaderManifest } from './loader-manifest.js';
import { mapDumpFamilies } from './map-dump-metrics.js';
import { removePinDir } from './pin-dir.js';

/** Map types whose contents `bpftool map dump` can show as key/value pairs. */
const DUMPABLE = /^(hash|array|percpu_hash|percpu_array|lru_hash|lru_percpu_hash|lpm_trie)$/;

/** What an object instance keeps in its record (`InstanceRecord.driver`). */
export interface ObjectDriverData extends Record<string, unknown> {
  form: 'object';
  /** `<pinRoot>/<instance id>`: everything this instance attached lives here. */
  pinDir: string;
  pinRoot: string;
  /** The loader's report: program and map ids, the link pin. */
  manifest?: LoaderManifest;
  attachedAt?: string;
}

export interface ObjectInstanceOptions {
  runtime: RuntimeName;
  instance: InstanceSpec;
  ctx: RuntimeContext;
  bpftool: string;
  driver: ObjectDriverData;
  printIntervalMs: number;
  logKeep: number;
}

const iso = (ms = Date.now()) => new Date(ms).toISOString();

/**
 * The handle of a CO-RE object: no process — the program stays attached through its pinned
 * link under `<pinRoot>/<instance id>/`, so it outlives the agent like a bpftrace process
 * does. Running while the pins exist; `stop()` removes that directory (detaching the program,
 * freeing what nothing else holds) and nothing else. Map contents are read with
 * `bpftool map dump pinned` every `printIntervalMs` into {@link metrics}.
 */
export class ObjectInstance extends InstanceEventSource implements InstanceHandle {
  readonly id: string;
  readonly runtime: RuntimeName;
  readonly logs: FileInstanceLogs;
  readonly pid = undefined;
  readonly restarts = 0;
  readonly exitCode = undefined;
  private readonly logFile: string;
  private _state: InstanceState;
  private _reason: string;
  private _message: string;
  private startedAt: string | undefined;
  private finishedAt: string | undefined;
  private families: MetricFamily[] = [];
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<MetricFamily[]> | undefined;
  private stopPromise: Promise<void> | undefined;

  private constructor(private readonly options: ObjectInstanceOptions, state: InstanceState, reason: string, message: string) {
    super();
    this.id = options.instance.id;
    this.runtime = options.runtime;
    mkdirSync(options.ctx.logDir, { recursive: true });
    this.logFile = join(options.ctx.logDir, `${this.id}.log`);
    this.logs = new FileInstanceLogs(this.logFile, options.logKeep, () => isTerminalState(this._state) || this.detached);
    this._state = state;
    this._reason = reason;
    this._message = message;
  }

  /** A Running instance for an object the loader attached. */
  static attached(options: ObjectInstanceOptions, reason: string = InstanceReason.Attached): ObjectInstance {
    const m = options.driver.manifest;
    const programs = m?.programs.map((p) => `${p.name} (id ${p.id})`).join(', ') ?? 'unknown';
    const handle = new ObjectInstance(options, 'Running', reason, `attached ${programs}; pinned under ${options.driver.pinDir}`);
    handle.startedAt = options.driver.attachedAt ?? iso();
    handle.writeLog(`${reason === InstanceReason.Adopted ? 'adopted' : 'attached'} ${programs}; link ${m?.links.map((l) => `${l.id} at ${l.pin}`).join(', ') ?? '?'}`);
    handle.startPolling();
    return handle;
  }

  /** An instance that failed before anything stayed attached. */
  static failed(options: ObjectInstanceOptions, reason: string, message: string, output = ''): ObjectInstance {
    const handle = new ObjectInstance(options, 'Failed', reason, message);
    if (output.trim()) handle.writeLog(output.trimEnd());
    handle.writeLog(`${reason}: ${message}`);
    handle.finishedAt = iso();
    return handle;
  }

  /** A handle in the final state a record describes. */
  static final(options: ObjectInstanceOptions, record: InstanceRecord): ObjectInstance {
    const handle = new ObjectInstance(options, record.state, record.reason ?? InstanceReason.Stopped, record.message ?? '');
    handle.startedAt = record.startedAt;
    handle.finishedAt = record.finishedAt;
    return handle;
  }

  get state(): InstanceState { return this._state; }
  get reason(): string { return this._reason; }
  get message(): string { return this._message; }
  get conditions(): readonly Condition[] { return []; }

  /** Ids of the attached programs (empty once stopped). */
  get programIds(): number[] {
    return this._state === 'Running' ? (this.options.driver.manifest?.programs.map((p) => p.id) ?? []) : [];
  }

  get pinDir(): string {
    return this.options.driver.pinDir;
  }


  metrics(): MetricFamily[] {
    return [
      ...this.families,
      { name: `${DRIVER_METRIC_PREFIX}attached_programs`, help: 'BPF programs the probe has loaded and attached', type: 'gauge', samples: [{ labels: {}, value: this.programIds.length }] },
    ];
  }

  /**
   * Reads every map now (rather than waiting for the next poll) and returns the metrics. A
   * read already under way is waited for first: it may have started before what the caller
   * wants to see.
   */
  async refreshMetrics(): Promise<MetricFamily[]> {
    if (this._state === 'Running') {
      const read = (this.refreshing ?? Promise.resolve([])).catch(() => []).then(() => this.readMaps());
      this.refreshing = read;
      await read.finally(() => {
        if (this.refreshing === read) this.refreshing = undefined;
      });
    }
    return this.metrics();
  }

  stop(): Promise<void> {
    if (this.stopPromise) return this.stopPromise;
    if (isTerminalState(this._state)) return Promise.resolve();
    this.stopPromise = (async () => {
      this.stopPolling();
      await this.refreshing?.catch(() => undefined);
      this.setState('Stopping', InstanceReason.Stopped, `detaching: removing ${this.options.driver.pinDir}`);
      try {
        removePinDir(this.options.driver.pinRoot, this.options.driver.pinDir);
        this.writeLog(`detached: removed ${this.options.driver.pinDir}`);
      } catch (err) {
        this.writeLog(`could not remove ${this.options.driver.pinDir}: ${err instanceof Error ? err.message : String(err)}`);
      }
      this.finishedAt = iso();
      this.setState('Stopped', InstanceReason.Stopped, `detached; ${this.options.driver.pinDir} removed`);
    })();
    return this.stopPromise;
  }

  detach(): void {
    this.detached = true;
    this.stopPolling();
    this.removeAllListeners();
  }

  record(): InstanceRecord {
    return {
      version: INSTANCE_RECORD_VERSION,
      runtime: this.runtime,
      instance: this.options.instance,
      state: this._state,
      reason: this._reason,
      message: this._message,
      restarts: 0,
      conditions: [],
      startedAt: this.startedAt,
      finishedAt: this.finishedAt,
      consecutiveFailures: 0,
      instanceDir: this.options.ctx.instanceDir,
      logFile: this.logFile,
      driver: { ...this.options.driver },
      updatedAt: iso(),
    };
  }

  // --- maps -----------------------------------------------------------------------------

  private startPolling(): void {
    const poll = () => {
      if (!this.refreshing) void this.refreshMetrics().catch(() => undefined);
    };
    poll();
    this.timer = setInterval(poll, this.options.printIntervalMs);
    this.timer.unref();
  }

  private stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async readMaps(): Promise<MetricFamily[]> {
    const maps = (this.options.driver.manifest?.maps ?? []).filter((m) => DUMPABLE.test(m.type));
    const out: MetricFamily[] = [];
    for (const map of maps) {
      try {
        const entries = await dumpPinnedMap(this.options.bpftool, join(this.options.driver.pinDir, 'maps', map.name));
        out.push(...mapDumpFamilies(map, entries));
      } catch (err) {
        this.log('debug', `reading map ${map.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (this._state === 'Running') this.families = out;
    return out;
  }

  // --- plumbing -------------------------------------------------------------------------

  private setState(state: InstanceState, reason: string, message: string): void {
    const previous = this._state;
    this._state = state;
    this._reason = reason;
    this._message = message;
    this.log(state === 'Failed' ? 'warn' : 'info', `${previous} → ${state} (${reason}): ${message}`);
    if (state !== previous) this.emit('state', state, previous);
    this.emit('change');
  }

  private writeLog(line: string): void {
    try {
      appendFileSync(this.logFile, `${iso()} ${line}\n`);
    } catch {
      // the log is best effort
    }
  }


  protected log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.options.ctx.log?.(level, message, { instance: this.id, runtime: this.runtime });
  }
}
