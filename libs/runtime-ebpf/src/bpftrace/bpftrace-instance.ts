import type { Condition, InstanceState, RuntimeName } from '@mosaic/api';
import {
  InstanceReason, isTerminalState,
  type InstanceEvents, type InstanceHandle, type InstanceLogs, type InstanceRecord,
  type MetricFamily, type RuntimeContext,
} from '@mosaic/runtime';
import { InstanceEventSource, listGroupMembers, readProcStat, type SupervisedInstance } from '@mosaic/runtime-process';
import { processBpfObjects } from '../host/process-bpf-objects.js';
import { EventRateGuard } from '../limits/event-rate-guard.js';
import { DRIVER_METRIC_PREFIX } from '../metrics/metric-names.js';
import { BpftraceMetrics } from './bpftrace-metrics.js';
import { parseBpftraceLine } from './bpftrace-output.js';
import { OutputTailer } from './output-tailer.js';
import type { ScriptMap } from './script-scan.js';
import { bpftraceErrors } from './verify-script.js';

/** What a bpftrace instance keeps in its record (`InstanceRecord.driver`). */
export interface BpftraceDriverData extends Record<string, unknown> {
  form: 'bpftrace';
  /** The instrumented script that runs, in the instance dir. */
  scriptFile: string;
  maps: ScriptMap[];
  /** The supervisor's own state; the handle's state adds "attaching" on top of it. */
  innerState?: InstanceState;
  /** Whether the current run reported its probes attached. */
  attached: boolean;
  /** Whether any run ever attached (a first run that never does fails instead of restarting). */
  everAttached: boolean;
  programIds: number[];
  attachedAt?: string;
}

export interface BpftraceInstanceOptions {
  inner: SupervisedInstance;
  ctx: RuntimeContext;
  driver: BpftraceDriverData;
  maxEventsPerSecond: number;
  eventRateGraceSeconds: number;
  attachTimeoutMs: number;
  outputPollMs: number;
  stopGraceMs: number;
  /** Read the existing log from the start (adoption) rather than from its end (a new launch). */
  readBacklog: boolean;
}

const iso = (ms = Date.now()) => new Date(ms).toISOString();

/**
 * The handle of a bpftrace probe: a {@link SupervisedInstance} runs `bpftrace -f json` (its own
 * process group, output to the instance log, restart on crash, adoption), and this layer
 * reads that output:
 *
 * - **Attaching**: the supervisor says Running as soon as bpftrace runs; this handle says
 *   `Starting` (reason Attaching) until the script's attach marker appears, then `Running`
 *   (reason Attached) with the program ids bpftrace holds. A first run that exits or times out
 *   before attaching fails the instance with AttachFailed instead of restarting it.
 * - **Metrics**: map prints, histograms and stats become {@link MetricFamily}s.
 * - **Event rate**: printf and lost events per second are held to `limits.maxEventsPerSecond`;
 *   exceeding it for `eventRateGraceSeconds` detaches the probe (Failed, EventRateExceeded).
 */
export class BpftraceInstance extends InstanceEventSource implements InstanceHandle {
  readonly id: string;
  readonly runtime: RuntimeName;
  private readonly inner: SupervisedInstance;
  private readonly metricsState: BpftraceMetrics;
  private readonly guard: EventRateGuard;
  private readonly tailer: OutputTailer;
  private readonly driver: BpftraceDriverData;
  private readonly recentErrors: string[] = [];
  private attachTimer: NodeJS.Timeout | undefined;
  private override: { state: 'Failed'; reason: string; message: string } | undefined;
  private failing = false;
  private stopping = false;
  private lastState: InstanceState;

  constructor(private readonly options: BpftraceInstanceOptions) {
    super();
    this.inner = options.inner;
    this.id = this.inner.id;
    this.runtime = this.inner.runtime;
    this.driver = { ...options.driver };
    this.metricsState = new BpftraceMetrics(this.driver.maps);
    this.guard = new EventRateGuard({ maxPerSecond: options.maxEventsPerSecond, graceSeconds: options.eventRateGraceSeconds });
    this.tailer = new OutputTailer(this.inner.logs.file, (line) => this.onLine(line), { fromStart: options.readBacklog });
    this.lastState = this.state;

    this.inner.on('state', () => this.sync());
    this.inner.on('condition', (c) => this.emit('condition', c));
    this.inner.on('restart', (n, delay) => this.emit('restart', n, delay));
    this.inner.on('exit', (exit) => this.onExit(exit));
    this.inner.on('change', () => this.emit('change'));

    if (!isTerminalState(this.inner.state)) {
      this.tailer.drain();
      this.tailer.start(options.outputPollMs);
      this.armAttachTimer();
    }
  }

  get state(): InstanceState {
    const s = this.inner.state;
    // A failure detaches first (the supervisor stops bpftrace) and is reported once it did.
    if (this.override && isTerminalState(s)) return this.override.state;
    return s === 'Running' && !this.driver.attached ? 'Starting' : s;
  }

  get reason(): string | undefined {
    if (this.override) return this.override.reason;
    if (this.inner.state === 'Running') return this.driver.attached ? InstanceReason.Attached : InstanceReason.Attaching;
    return this.inner.reason;
  }

  get message(): string | undefined {
    if (this.override) return this.override.message;
    if (this.inner.state === 'Running') {
      return this.driver.attached
        ? `bpftrace pid ${this.bpftracePid() ?? this.inner.pid ?? '?'} attached its probes (programs ${this.driver.programIds.join(', ') || 'unknown'})`
        : `bpftrace pid ${this.inner.pid ?? '?'} is attaching its probes`;
    }
    return this.inner.message;
  }

  get restarts(): number { return this.inner.restarts; }
  get exitCode(): number | undefined { return this.inner.exitCode; }
  get conditions(): readonly Condition[] { return this.inner.conditions; }
  get pid(): number | undefined { return this.inner.pid; }
  get logs(): InstanceLogs { return this.inner.logs; }

  /** Ids of the BPF programs the running bpftrace holds (empty before attach). */
  get programIds(): readonly number[] { return this.driver.programIds; }


  metrics(): MetricFamily[] {
    return [
      ...this.metricsState.families(),
      { name: `${DRIVER_METRIC_PREFIX}attached_programs`, help: 'BPF programs the probe has loaded and attached', type: 'gauge', samples: [{ labels: {}, value: this.driver.attached ? this.driver.programIds.length : 0 }] },
    ];
  }

  async stop(graceMs = this.options.stopGraceMs): Promise<void> {
    this.stopping = true;
    this.clearAttachTimer();
    await this.inner.stop(graceMs);
    this.finishOutput();
  }

  detach(): void {
    this.detached = true;
    this.clearAttachTimer();
    this.tailer.stop();
    this.inner.detach();
    this.removeAllListeners();
  }

  record(): InstanceRecord {
    const inner = this.inner.record();
    return {
      ...inner,
      state: this.state,
      reason: this.reason,
      message: this.message,
      driver: { ...this.driver, innerState: inner.state },
    };
  }

  // --- output ---------------------------------------------------------------------------

  private onLine(line: string): void {
    const event = parseBpftraceLine(line);
    if (event.type === 'text') {
      if (line.trim()) this.rememberError(line);
      return;
    }
    const wasAttached = this.metricsState.attached;
    const count = this.metricsState.apply(event);
    if (!wasAttached && this.metricsState.attached) this.onAttached();
    const verdict = this.guard.observe(count, Date.now());
    if (verdict.exceeded && !this.failing && this.driver.attached) {
      this.fail(InstanceReason.EventRateExceeded,
        `the probe emitted ${verdict.lastSecond} events in a second, over limits.maxEventsPerSecond ${this.options.maxEventsPerSecond}, for ${verdict.strikes} seconds in a row; detached`);
    }
  }

  private rememberError(line: string): void {
    this.recentErrors.push(line);
    if (this.recentErrors.length > 20) this.recentErrors.shift();
  }

  private onAttached(): void {
    if (this.driver.attached) return;
    this.clearAttachTimer();
    const pid = this.bpftracePid();
    this.driver.attached = true;
    this.driver.everAttached = true;
    this.driver.attachedAt = iso();
    this.driver.programIds = pid !== undefined ? processBpfObjects(pid).programIds : [];
    this.log('info', `probes attached (programs ${this.driver.programIds.join(', ') || 'unknown'})`);
    this.sync();
  }

  private onExit(exit: InstanceEvents['exit'][0]): void {
    // Everything the run wrote is in the file now: read it before judging the run.
    this.tailer.drain();
    const attachedThisRun = this.driver.attached;
    this.driver.attached = false;
    this.driver.programIds = [];
    this.emit('exit', exit);
    if (!attachedThisRun && !this.driver.everAttached && !this.failing && !this.stopping) {
      const detail = bpftraceErrors(this.recentErrors.join('\n'));
      this.fail(InstanceReason.AttachFailed, `bpftrace exited before attaching its probes (code ${exit.code ?? exit.signal ?? 'unknown'})${detail ? `: ${detail}` : ''}`);
    }
    this.sync();
  }

  // --- failures -------------------------------------------------------------------------

  private armAttachTimer(): void {
    if (this.driver.attached || this.driver.everAttached) return;
    this.attachTimer = setTimeout(() => {
      this.attachTimer = undefined;
      this.tailer.drain();
      if (this.driver.attached || this.failing) return;
      const detail = bpftraceErrors(this.recentErrors.join('\n'));
      this.fail(InstanceReason.AttachFailed, `bpftrace did not attach its probes within ${this.options.attachTimeoutMs} ms${detail ? `: ${detail}` : ''}`);
    }, this.options.attachTimeoutMs);
    this.attachTimer.unref();
  }

  private clearAttachTimer(): void {
    if (this.attachTimer) clearTimeout(this.attachTimer);
    this.attachTimer = undefined;
  }

  /** Detaches the probe (stops bpftrace, no restart), then reports Failed with `reason`. */
  private fail(reason: string, message: string): void {
    this.failing = true;
    this.override = { state: 'Failed', reason, message };
    this.clearAttachTimer();
    this.log('warn', message);
    void this.inner.stop(this.options.stopGraceMs).then(() => {
      this.finishOutput();
      this.sync();
    });
  }

  private finishOutput(): void {
    this.tailer.drain();
    this.tailer.stop();
    this.driver.attached = false;
    this.driver.programIds = [];
  }

  // --- plumbing -------------------------------------------------------------------------

  /** The bpftrace process: the child of the exit-code wrapper in the instance's process group. */
  private bpftracePid(): number | undefined {
    const leader = this.inner.pid;
    if (leader === undefined) return undefined;
    return listGroupMembers(leader, leader).find((pid) => pid !== leader && readProcStat(pid)?.ppid === leader);
  }

  /** Emits `state` when the derived state moved, and `change`. */
  private sync(): void {
    const state = this.state;
    const previous = this.lastState;
    this.lastState = state;
    if (state !== previous) this.emit('state', state, previous);
    this.emit('change');
  }


  protected log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.options.ctx.log?.(level, message, { instance: this.id, runtime: this.runtime });
  }
}
