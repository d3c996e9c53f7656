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
import { EventRateGuard } from '../limits/event-rate-guard.js';
import { enableBpfStats } from '../limits/bpf-stats.js';
import { dumpPinnedMap, pinnedProgramRunCount } from './bpftool.js';
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
  /** `limits.maxEventsPerSecond`: runs per second of the attached programs (summed). */
  maxEventsPerSecond?: number;
  /** Seconds in a row over {@link maxEventsPerSecond} before the probe is detached. */
  eventRateGraceSeconds: number;
  /** Turns on `kernel.bpf_stats_enabled`; returns why it could not. @defaultValue enableBpfStats */
  enableStats?: () => string | undefined;
}

/** How often the programs' `run_cnt` is sampled. */
const RATE_SAMPLE_MS = 1000;

const iso = (ms = Date.now()) => new Date(ms).toISOString();

/**
 * The handle of a CO-RE object: no process — the program stays attached through its pinned
 * link under `<pinRoot>/<instance id>/`, so it outlives the agent like a bpftrace process
 * does. Running while the pins exist; `stop()` removes that directory (detaching the program,
 * freeing what nothing else holds) and nothing else. Map contents are read with
 * `bpftool map dump pinned` every `printIntervalMs` into {@link metrics}.
 *
 * **Event rate**: with `limits.maxEventsPerSecond` set, `kernel.bpf_stats_enabled` is turned
 * on (a global switch, left on) and the pinned programs' `run_cnt` sampled every second; the
 * runs per second (summed over the instance's programs) go through an {@link EventRateGuard}
 * with the bpftrace path's semantics, and `eventRateGraceSeconds` samples in a row over the
 * limit remove the pin directory and fail the instance (EventRateExceeded).
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
  private rateTimer: NodeJS.Timeout | undefined;
  private sampling = false;
  private guard: EventRateGuard | undefined;
  private rateSamples = 0;
  private lastRuns: { counts: Map<string, number>; atMs: number } | undefined;
  private runsPerSecond = new Map<string, number>();

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
    handle.startRateGuard();
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
    const families: MetricFamily[] = [
      ...this.families,
      { name: `${DRIVER_METRIC_PREFIX}attached_programs`, help: 'BPF programs the probe has loaded and attached', type: 'gauge', samples: [{ labels: {}, value: this.programIds.length }] },
    ];
    if (this.runsPerSecond.size > 0) {
      families.push({
        name: `${DRIVER_METRIC_PREFIX}program_runs_per_second`,
        help: 'Runs per second of the attached BPF program over the last sample (kernel run_cnt), held to limits.maxEventsPerSecond',
        type: 'gauge',
        samples: [...this.runsPerSecond].map(([program, value]) => ({ labels: { program }, value })),
      });
    }
    return families;
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
      this.stopRateGuard();
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
    this.stopRateGuard();
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

  // --- event rate -------------------------------------------------------------------------

  private startRateGuard(): void {
    const max = this.options.maxEventsPerSecond;
    if (max === undefined || this._state !== 'Running') return;
    const problem = (this.options.enableStats ?? enableBpfStats)();
    if (problem !== undefined) {
      this.writeLog(`limits.maxEventsPerSecond is not enforced: ${problem}`);
      this.log('warn', `limits.maxEventsPerSecond is not enforced: ${problem}`);
      return;
    }
    this.guard = new EventRateGuard({ maxPerSecond: max, graceSeconds: this.options.eventRateGraceSeconds });
    const sample = () => {
      if (this.sampling) return;
      this.sampling = true;
      void this.sampleRate().catch((err) => this.log('debug', `sampling run_cnt: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => (this.sampling = false));
    };
    sample();
    this.rateTimer = setInterval(sample, RATE_SAMPLE_MS);
    this.rateTimer.unref();
  }

  private stopRateGuard(): void {
    if (this.rateTimer) clearInterval(this.rateTimer);
    this.rateTimer = undefined;
  }

  /**
   * One sample: every program's `run_cnt` through its pin, the runs per second since the last
   * sample (normalised to the time that really passed), and the guard's verdict. Each sample
   * is one "second" of the guard, so timer jitter never merges or skips one.
   */
  private async sampleRate(): Promise<void> {
    const programs = this.options.driver.manifest?.programs ?? [];
    const counts = new Map<string, number>();
    for (const p of programs) counts.set(p.name, await pinnedProgramRunCount(this.options.bpftool, join(this.options.driver.pinDir, 'progs', p.name)));
    const atMs = Date.now();
    if (this._state !== 'Running' || !this.rateTimer) return;
    const last = this.lastRuns;
    this.lastRuns = { counts, atMs };
    if (!last || atMs <= last.atMs) return;
    const seconds = (atMs - last.atMs) / 1000;
    let total = 0;
    for (const [name, count] of counts) {
      const rate = Math.max(0, count - (last.counts.get(name) ?? count)) / seconds;
      this.runsPerSecond.set(name, Math.round(rate));
      total += rate;
    }
    const k = ++this.rateSamples;
    this.guard!.observe(Math.round(total), k * 1000);
    const verdict = this.guard!.observe(0, (k + 1) * 1000);
    if (verdict.exceeded) {
      await this.failEventRate(`the probe's programs ran ${verdict.lastSecond} times a second, over limits.maxEventsPerSecond ${this.options.maxEventsPerSecond}, for ${verdict.strikes} seconds in a row; detached`);
    }
  }

  private async failEventRate(message: string): Promise<void> {
    if (this._state !== 'Running' || this.stopPromise) return;
    this.stopPromise = (async () => {
      this.stopPolling();
      this.stopRateGuard();
      await this.refreshing?.catch(() => undefined);
      try {
        removePinDir(this.options.driver.pinRoot, this.options.driver.pinDir);
        this.writeLog(`detached: removed ${this.options.driver.pinDir}`);
      } catch (err) {
        this.writeLog(`could not remove ${this.options.driver.pinDir}: ${err instanceof Error ? err.message : String(err)}`);
      }
      this.writeLog(`${InstanceReason.EventRateExceeded}: ${message}`);
      this.finishedAt = iso();
      this.setState('Failed', InstanceReason.EventRateExceeded, message);
    })();
    await this.stopPromise;
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
