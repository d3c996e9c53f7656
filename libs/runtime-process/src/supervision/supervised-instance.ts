import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Condition, ConditionStatus, InstanceState, ResolvedPort, RuntimeName } from '@mosaic/api';
import {
  INSTANCE_RECORD_VERSION, InstanceConditionType, InstanceReason, isTerminalState,
  type InstanceHandle, type InstanceRecord,
  type InstanceSpec, type ProcessExit, type ProcessIdentity, type RuntimeContext, type RuntimeLogLevel,
} from '@mosaic/runtime';
import { FileInstanceLogs } from '../logs/file-instance-logs.js';
import { InstanceEventSource } from './instance-event-source.js';
import { LogRotator } from '../logs/log-rotator.js';
import { lastLogLine } from '../logs/read-log-files.js';
import { checkIdentity, waitForExit } from '../proc/process-identity.js';
import { killGroupStragglers, signalGroup, waitForWorkloadExec } from '../proc/signal-group.js';
import { readExitFile } from '../spawn/exit-shim.js';
import type { LaunchSpec } from '../spawn/launch-spec.js';
import { spawnDetached } from '../spawn/spawn-detached.js';
import { backoffDelay, formatDuration } from './backoff.js';
import { describeExit } from './describe-exit.js';
import { decideAfterExit, type RestartPolicy, type RunOutcome } from './exit-decision.js';
import type { HealthCheck } from './health-check.js';
import type { ResolvedSupervisionOptions } from './supervision-options.js';

/** What a driver tells the supervisor about one instance. */
export interface SupervisedInstanceOptions {
  runtime: RuntimeName;
  instance: InstanceSpec;
  ctx: RuntimeContext;
  restartPolicy: RestartPolicy;
  /** Builds the process of a run; called again for every restart. */
  launch: () => LaunchSpec;
  /** Gates Running and replaces unhealthy processes. */
  health?: HealthCheck;
  /** Wall-clock limit of each run: the process group is SIGKILLed at it. */
  runTimeoutMs?: number;
  /** Driver-private data carried in the record. */
  driver?: Record<string, unknown>;
  /** The instance's host ports, exposed as {@link InstanceHandle.ports}. */
  ports?: readonly ResolvedPort[];
  supervision: ResolvedSupervisionOptions;
}

/** One process of the instance, from launch (or adoption) to exit. */
interface Run {
  identity: ProcessIdentity;
  startedAt: number;
  /** Only when we launched it; an adopted process is watched through /proc. */
  child?: ChildProcess;
  deadlineAt?: number;
  deadlineExceeded: boolean;
  /** Set when failed health checks are replacing it. */
  unhealthy?: string;
  healthFailures: number;
  /** The signal we escalated to, so an unobserved wrapper death can be explained. */
  killedWith?: NodeJS.Signals;
  timers: Set<NodeJS.Timeout>;
  watch: AbortController;
  exited: Promise<ProcessExit>;
  resolveExit: (exit: ProcessExit) => void;
}

const iso = (ms = Date.now()) => new Date(ms).toISOString();
const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The {@link InstanceHandle} of every process-based runtime: launches runs with
 * {@link spawnDetached}, watches them (as their parent, or through /proc after adoption),
 * applies the restart policy with exponential back-off and the CrashLoop condition, runs the
 * health check, enforces the per-run deadline, rotates the log, and stops with SIGTERM then
 * SIGKILL to the whole process group. Drivers only say *what* to launch.
 *
 * All timers are unref'd: a handle never keeps its process alive on its own.
 */
export class SupervisedInstance extends InstanceEventSource implements InstanceHandle {
  readonly id: string;
  readonly runtime: RuntimeName;
  readonly logs: FileInstanceLogs;
  readonly ports: readonly ResolvedPort[] | undefined;
  private readonly logFile: string;
  private readonly exitFile: string;
  private readonly rotator: LogRotator;
  private _state: InstanceState = 'Pending';
  private _restarts = 0;
  private _exitCode: number | undefined;
  private _reason: string | undefined;
  private _message: string | undefined;
  private readonly conditionMap = new Map<string, Condition>();
  private consecutiveFailures = 0;
  private run: Run | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private finishedAt: string | undefined;
  private stopRequested = false;
  private stopPromise: Promise<void> | undefined;

  private constructor(private readonly options: SupervisedInstanceOptions) {
    super();
    this.id = options.instance.id;
    this.runtime = options.runtime;
    this.ports = options.ports;
    mkdirSync(options.ctx.instanceDir, { recursive: true });
    mkdirSync(options.ctx.logDir, { recursive: true });
    this.logFile = join(options.ctx.logDir, `${this.id}.log`);
    this.exitFile = join(options.ctx.instanceDir, 'exit-code');
    const rotation = options.supervision.logRotation;
    this.rotator = new LogRotator(this.logFile, rotation, (err) => this.log('warn', `log rotation failed: ${errorMessage(err)}`));
    this.logs = new FileInstanceLogs(this.logFile, rotation.keep, () => isTerminalState(this._state) || this.detached);
  }

  /** Launches the first run now and supervises from there. */
  static launch(options: SupervisedInstanceOptions): SupervisedInstance {
    const handle = new SupervisedInstance(options);
    handle.rotator.start();
    handle.startRun();
    return handle;
  }

  /** An instance that failed before any process ran (bad checksum, invalid module, …). */
  static failed(options: SupervisedInstanceOptions, reason: string, message: string): SupervisedInstance {
    const handle = new SupervisedInstance(options);
    handle.finish('Failed', reason, message);
    return handle;
  }

  /**
   * Re-attaches to the instance a record describes (see `WorkloadRuntime.adopt`): supervised
   * again when its process is alive and verified, final when it finished (also while nobody
   * watched, if the policy does not restart it), `undefined` when a new process would be
   * needed. A recycled pid is never signalled.
   */
  static adopt(options: SupervisedInstanceOptions, record: InstanceRecord): SupervisedInstance | undefined {
    const handle = new SupervisedInstance(options);
    handle.restore(record);
    if (isTerminalState(record.state)) return handle;
    const identity = record.process;
    const check = identity ? checkIdentity(identity) : 'exited';
    if (identity && check === 'alive') {
      const startedAt = Date.parse(record.startedAt ?? '') || Date.now();
      const deadlineAt = record.deadlineAt ? Date.parse(record.deadlineAt) : undefined;
      const run = handle.newRun(identity, startedAt, undefined, deadlineAt);
      handle.rotator.start();
      handle.log('info', `adopted pid ${identity.pid} (${record.state})`);
      const health = options.health;
      const healthDelay = !health ? 0
        : record.state === 'Running' ? health.periodMs
        : Math.max(0, health.initialDelayMs - (Date.now() - startedAt));
      handle.armRun(run, healthDelay);
      if (record.state === 'Stopping') void handle.stop();
      return handle;
    }
    // The process is gone — or its pid belongs to someone else now, who is left alone.
    if (identity && check === 'exited') killGroupStragglers(identity);
    if (record.state === 'Stopping') {
      handle.finish('Stopped', InstanceReason.Stopped, 'stopped (while no agent was watching)');
      return handle;
    }
    if (!identity) return undefined;
    const code = readExitFile(handle.exitFile) ?? null;
    const decision = decideAfterExit(options.restartPolicy, { exitCode: code });
    if (decision.restart) return undefined;
    if (code !== null) handle._exitCode = code;
    if (code === null) handle.finish('Failed', InstanceReason.Lost, 'exited while no agent was watching; exit code unknown');
    else handle.finish(decision.state, decision.reason, `${handle.describeFailure({ code, signal: null })} (while no agent was watching)`);
    return handle;
  }

  get state(): InstanceState { return this._state; }
  get restarts(): number { return this._restarts; }
  get exitCode(): number | undefined { return this._exitCode; }
  get reason(): string | undefined { return this._reason; }
  get message(): string | undefined { return this._message; }
  get conditions(): readonly Condition[] { return [...this.conditionMap.values()]; }
  get pid(): number | undefined { return this.run?.identity.pid; }


  stop(graceMs = this.options.supervision.stopGraceMs): Promise<void> {
    if (this.stopPromise) return this.stopPromise;
    if (isTerminalState(this._state)) return Promise.resolve();
    this.stopRequested = true;
    this.clearRestartTimer();
    const run = this.run;
    if (!run) {
      this.finish('Stopped', InstanceReason.Stopped, 'stopped on request');
      return Promise.resolve();
    }
    this.clearRunTimers(run);
    this.setState('Stopping', InstanceReason.Stopped, `SIGTERM sent to process group ${run.identity.pgid}; SIGKILL after ${formatDuration(graceMs)}`);
    this.stopPromise = this.terminate(run, graceMs);
    return this.stopPromise;
  }

  detach(): void {
    this.detached = true;
    this.clearRestartTimer();
    if (this.run) {
      this.clearRunTimers(this.run);
      this.run.watch.abort();
    }
    this.rotator.stop();
    this.removeAllListeners();
  }

  record(): InstanceRecord {
    const run = this.run;
    return {
      version: INSTANCE_RECORD_VERSION,
      runtime: this.runtime,
      instance: this.options.instance,
      state: this._state,
      reason: this._reason,
      message: this._message,
      restarts: this._restarts,
      exitCode: this._exitCode,
      conditions: this.conditions.map((c) => ({ ...c })),
      process: run ? { ...run.identity } : undefined,
      startedAt: run ? iso(run.startedAt) : undefined,
      finishedAt: this.finishedAt,
      deadlineAt: run?.deadlineAt !== undefined ? iso(run.deadlineAt) : undefined,
      consecutiveFailures: this.consecutiveFailures,
      instanceDir: this.options.ctx.instanceDir,
      logFile: this.logFile,
      driver: this.options.driver,
      updatedAt: iso(),
    };
  }

  // --- runs -----------------------------------------------------------------------------

  private startRun(): void {
    this.restartTimer = undefined;
    if (this.stopRequested || this.detached) return;
    let proc;
    try {
      proc = spawnDetached({ ...this.options.launch(), logFile: this.logFile, exitFile: this.exitFile });
    } catch (err) {
      const message = `could not start: ${errorMessage(err)}`;
      this.log('warn', message);
      this.afterRun({ exitCode: null, startError: true }, message, Date.now());
      return;
    }
    const run = this.newRun(proc.identity, proc.startedAt, proc.child);
    const pid = proc.identity.pid;
    if (this.options.health) {
      this.setState('Starting', InstanceReason.Started, `pid ${pid} started; waiting for the first healthy check`);
    } else {
      this.setState('Running', InstanceReason.Started, `pid ${pid} started`);
    }
    this.armRun(run, this.options.health?.initialDelayMs ?? 0);
  }

  private newRun(identity: ProcessIdentity, startedAt: number, child?: ChildProcess, deadlineAt?: number): Run {
    let resolveExit!: (exit: ProcessExit) => void;
    const exited = new Promise<ProcessExit>((resolve) => (resolveExit = resolve));
    const timeout = this.options.runTimeoutMs;
    const run: Run = {
      identity, startedAt, child,
      deadlineAt: deadlineAt ?? (timeout !== undefined ? startedAt + timeout : undefined),
      deadlineExceeded: false,
      healthFailures: 0,
      timers: new Set(),
      watch: new AbortController(),
      exited, resolveExit,
    };
    this.run = run;
    return run;
  }

  /** Deadline, health checks, back-off reset and the exit watch of a run. */
  private armRun(run: Run, healthDelayMs: number): void {
    if (run.deadlineAt !== undefined) {
      this.addTimer(run, () => this.onDeadline(run), Math.max(0, run.deadlineAt - Date.now()));
    }
    if (this.options.health) this.addTimer(run, () => void this.probeHealth(run), healthDelayMs);
    if (this.consecutiveFailures > 0) {
      const stableIn = this.options.supervision.backoff.resetAfterMs - (Date.now() - run.startedAt);
      this.addTimer(run, () => this.onStable(), Math.max(0, stableIn));
    }
    const at = () => iso();
    if (run.child) {
      run.child.once('exit', (code, signal) => {
        const recorded = readExitFile(this.exitFile);
        this.onRunExit(run, { code: recorded ?? (signal ? null : code), signal: recorded === undefined ? signal : null, at: at() });
      });
    } else {
      waitForExit(run.identity, { intervalMs: this.options.supervision.exitPollMs, signal: run.watch.signal }).then(
        () => {
          const code = readExitFile(this.exitFile) ?? null;
          this.onRunExit(run, { code, signal: code === null ? run.killedWith ?? null : null, at: at() });
        },
        () => undefined, // aborted by detach()
      );
    }
  }

  private onRunExit(run: Run, exit: ProcessExit): void {
    if (this.run !== run || this.detached) return;
    this.clearRunTimers(run);
    this.run = undefined;
    killGroupStragglers(run.identity);
    this._exitCode = exit.code ?? undefined;
    this.emit('exit', exit);
    if (this.stopRequested) {
      this.finish('Stopped', InstanceReason.Stopped, `stopped on request (${describeExit(exit)})`);
    } else {
      const outcome: RunOutcome = { exitCode: exit.code, deadlineExceeded: run.deadlineExceeded, unhealthy: run.unhealthy !== undefined };
      const message = run.deadlineExceeded
        ? `exceeded its deadline of ${formatDuration(this.options.runTimeoutMs ?? 0)}; process group killed`
        : run.unhealthy ?? this.describeFailure(exit);
      this.afterRun(outcome, message, run.startedAt);
    }
    run.resolveExit(exit);
  }

  /** Applies the restart policy after a run ended (or failed to start). */
  private afterRun(outcome: RunOutcome, message: string, startedAt: number): void {
    const decision = decideAfterExit(this.options.restartPolicy, outcome);
    if (!decision.restart) {
      this.finish(decision.state, decision.reason, message);
      return;
    }
    const { backoff, crashLoopThreshold } = this.options.supervision;
    if (Date.now() - startedAt >= backoff.resetAfterMs) this.consecutiveFailures = 0;
    this.consecutiveFailures++;
    const delay = backoffDelay(this.consecutiveFailures, backoff);
    this._restarts++;
    const looping = this.consecutiveFailures >= crashLoopThreshold;
    if (looping) {
      this.setCondition(InstanceConditionType.CrashLoop, 'True', InstanceReason.CrashLoopBackOff,
        `back-off ${formatDuration(delay)} restarting failed instance (${this.consecutiveFailures} quick failures in a row): ${message}`);
    }
    this.log('info', `${message}; restart ${this._restarts} in ${formatDuration(delay)}`);
    this.emit('restart', this._restarts, delay);
    this.setState('Starting', looping ? InstanceReason.CrashLoopBackOff : InstanceReason.BackOff, `${message}; restarting in ${formatDuration(delay)}`);
    this.restartTimer = setTimeout(() => this.startRun(), delay);
    this.restartTimer.unref();
  }

  /** The run stayed up for `resetAfterMs`: forget past failures. */
  private onStable(): void {
    this.consecutiveFailures = 0;
    if (this.conditionMap.get(InstanceConditionType.CrashLoop)?.status === 'True') {
      this.setCondition(InstanceConditionType.CrashLoop, 'False', InstanceReason.Recovered, 'running steadily again; back-off reset');
    }
    this.emit('change');
  }

  private onDeadline(run: Run): void {
    if (this.run !== run) return;
    run.deadlineExceeded = true;
    run.killedWith = 'SIGKILL';
    this.log('info', `deadline reached; killing process group ${run.identity.pgid}`);
    signalGroup(run.identity, 'SIGKILL');
  }

  private async probeHealth(run: Run): Promise<void> {
    const health = this.options.health;
    if (!health || this.run !== run || this.stopRequested) return;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error(`timed out after ${formatDuration(health.timeoutMs)}`)), health.timeoutMs);
    let result;
    try {
      result = await health.probe(abort.signal);
    } catch (err) {
      result = { ok: false, detail: errorMessage(err) };
    } finally {
      clearTimeout(timer);
    }
    if (abort.signal.aborted && result.ok === false) result = { ok: false, detail: `timed out after ${formatDuration(health.timeoutMs)}` };
    if (this.run !== run || this.stopRequested || this.detached) return;
    if (result.ok) {
      run.healthFailures = 0;
      this.setCondition(InstanceConditionType.Healthy, 'True', InstanceReason.Healthy, result.detail);
      if (this._state === 'Starting') this.setState('Running', InstanceReason.Healthy, `pid ${run.identity.pid} passed its health check (${result.detail})`);
    } else {
      run.healthFailures++;
      const detail = `health check failed ${run.healthFailures}/${health.failureThreshold}: ${result.detail}`;
      this.setCondition(InstanceConditionType.Healthy, 'False', InstanceReason.Unhealthy, detail);
      if (run.healthFailures >= health.failureThreshold) {
        run.unhealthy = detail;
        this.log('warn', `${detail}; replacing pid ${run.identity.pid}`);
        this.clearRunTimers(run);
        void this.terminate(run, this.options.supervision.stopGraceMs);
        return;
      }
    }
    this.addTimer(run, () => void this.probeHealth(run), health.periodMs);
  }

  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves when the run has exited. */
  private async terminate(run: Run, graceMs: number): Promise<void> {
    // Explicit waits keep the process alive, unlike the supervision timers.
    const keepAlive = setInterval(() => undefined, 1000);
    try {
      await waitForWorkloadExec(run.identity);
      signalGroup(run.identity, 'SIGTERM');
      let graceTimer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<false>((resolve) => (graceTimer = setTimeout(() => resolve(false), graceMs)));
      const exitedInTime = await Promise.race([run.exited.then(() => true), graceOver]);
      clearTimeout(graceTimer);
      if (!exitedInTime) {
        run.killedWith = 'SIGKILL';
        signalGroup(run.identity, 'SIGKILL');
        await run.exited;
      }
    } finally {
      clearInterval(keepAlive);
    }
  }

  // --- state ----------------------------------------------------------------------------

  private finish(state: Extract<InstanceState, 'Succeeded' | 'Failed' | 'Stopped'>, reason: string, message: string): void {
    this.clearRestartTimer();
    this.finishedAt = iso();
    this.rotator.check();
    this.rotator.stop();
    this.setState(state, reason, message);
  }

  private restore(record: InstanceRecord): void {
    this._state = record.state;
    this._reason = record.reason;
    this._message = record.message;
    this._restarts = record.restarts;
    this._exitCode = record.exitCode;
    this.consecutiveFailures = record.consecutiveFailures;
    this.finishedAt = record.finishedAt;
    for (const c of record.conditions) this.conditionMap.set(c.type, { ...c });
  }

  private setState(state: InstanceState, reason: string, message: string): void {
    const previous = this._state;
    this._state = state;
    this._reason = reason;
    this._message = message;
    this.log(state === 'Failed' ? 'warn' : 'info', `${previous} → ${state} (${reason}): ${message}`);
    if (state !== previous) this.emit('state', state, previous);
    this.emit('change');
  }

  private setCondition(type: string, status: ConditionStatus, reason: string, message: string): void {
    const old = this.conditionMap.get(type);
    if (old && old.status === status && old.reason === reason && old.message === message) return;
    const condition: Condition = {
      type, status, reason, message,
      lastTransitionTime: old && old.status === status ? old.lastTransitionTime : iso(),
    };
    this.conditionMap.set(type, condition);
    this.emit('condition', condition);
    this.emit('change');
  }

  /** The message for a failed exit: how it ended plus the last thing it printed. */
  private describeFailure(exit: Pick<ProcessExit, 'code' | 'signal'>): string {
    const how = describeExit(exit);
    if (exit.code === 0) return how;
    const last = lastLogLine(this.logFile);
    return last ? `${how}: ${last}` : how;
  }


  protected log(level: RuntimeLogLevel, message: string): void {
    this.options.ctx.log?.(level, message, { instance: this.id, runtime: this.runtime });
  }

  private addTimer(run: Run, fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      run.timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    run.timers.add(timer);
  }

  private clearRunTimers(run: Run): void {
    for (const t of run.timers) clearTimeout(t);
    run.timers.clear();
  }

  private clearRestartTimer(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
  }
}
