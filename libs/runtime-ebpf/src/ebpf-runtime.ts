import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EbpfSpec } from '@mosaic/api';
import {
  InstanceReason, InvalidInstanceSpecError, RuntimeUnavailableError, isTerminalState,
  type InstanceHandle, type InstanceRecord, type InstanceSpec, type RuntimeAvailability, type RuntimeContext, type WorkloadRuntime,
} from '@mosaic/runtime';
import {
  SupervisedInstance, resolveSupervisionOptions,
  type LaunchSpec, type ResolvedSupervisionOptions, type SupervisedInstanceOptions,
} from '@mosaic/runtime-process';
import { BpftraceInstance, type BpftraceDriverData } from './bpftrace/bpftrace-instance.js';
import { instrumentScript } from './bpftrace/instrument-script.js';
import { verifyScript } from './bpftrace/verify-script.js';
import type { EbpfRuntimeOptions } from './ebpf-runtime-options.js';
import { availabilityOf, detectBpfHost, type BpfHostFacts } from './host/bpf-host.js';
import { unmetRequirement } from './host/check-requirements.js';
import { ObjectInstance, type ObjectDriverData } from './object/object-instance.js';
import { pinnedProgramId } from './object/bpftool.js';
import { instancePinDir, removePinDir } from './object/pin-dir.js';
import { loaderTargetArgs, runLoader } from './object/run-loader.js';

/** The loader tools/ebpf/build.sh builds next to this package's sources. */
export const DEFAULT_LOADER_PATH = fileURLToPath(new URL('../loader/build/mosaic-bpf-loader', import.meta.url));

type Host = { facts: BpfHostFacts; availability: RuntimeAvailability };

/**
 * Runs `spec.ebpf` probes — bpftrace scripts and CO-RE objects — on this node's kernel.
 *
 * **bpftrace** (`program.bpftrace` / `bpftraceFile`): the script is instrumented (an attach
 * marker and a periodic print of its maps, see {@link instrumentScript}), verified with
 * bpftrace's dry run, then run as `bpftrace -f json -B line` under the shared process
 * supervisor (own process group, output to the instance log, restarted if it crashes after
 * having attached). `BPFTRACE_MAP_KEYS_MAX` bounds every map to `limits.maxMapEntries`.
 *
 * **Objects** (`program.object` + `program.program`): verified by loading the program through
 * the kernel verifier without attaching (mosaic-bpf-loader `verify`), then loaded, attached
 * and pinned under `<pinRoot>/<instance id>/` (`attach`); hash maps are shrunk to
 * `limits.maxMapEntries`, larger arrays refused. bpftool reads the pinned maps; the
 * programs' kernel run counts (`kernel.bpf_stats_enabled`) are held to
 * `limits.maxEventsPerSecond`.
 *
 * Either way the handle is `Starting` (Attaching) until everything is attached and `Running`
 * (Attached) after, or `Failed` with VerificationFailed / AttachFailed / MapLimitExceeded /
 * RequirementsNotMet and nothing left attached. A new revision is a new instance: the
 * reconciler stops the old one only once the new one is Running (see `swapProbe()` for the
 * same order on one node), so a bad revision never replaces a good one.
 */
export class EbpfRuntime implements WorkloadRuntime {
  readonly name = 'ebpf' as const;
  private readonly supervision: ResolvedSupervisionOptions;
  private readonly searchPath: string;
  private readonly bpffsRoot: string;
  private readonly pinRoot: string;
  private readonly tracefsRoot: string;
  private readonly printIntervalMs: number;
  private host: Promise<Host> | undefined;

  constructor(private readonly options: EbpfRuntimeOptions = {}) {
    this.supervision = resolveSupervisionOptions(options.supervision);
    this.searchPath = options.searchPath ?? [process.env['PATH'] ?? '', '/usr/sbin', '/sbin'].filter(Boolean).join(':');
    this.bpffsRoot = options.bpffsRoot ?? '/sys/fs/bpf';
    this.pinRoot = options.pinRoot ?? join(this.bpffsRoot, 'mosaic');
    this.tracefsRoot = options.tracefsRoot ?? '/sys/kernel/tracing';
    this.printIntervalMs = options.printIntervalMs ?? 1000;
  }

  async probe(): Promise<RuntimeAvailability> {
    return (await this.detect()).availability;
  }

  /** The facts `probe()` is based on (kernel, BTF, privileges, mounts, tool versions). */
  async hostFacts(): Promise<BpfHostFacts> {
    return (await this.detect()).facts;
  }

  /** Forgets the cached probe (after mounting bpffs, installing bpftrace, …). */
  reprobe(): void {
    this.host = undefined;
  }

  async start(instance: InstanceSpec, ctx: RuntimeContext): Promise<InstanceHandle> {
    const spec = ebpfSection(instance);
    const { facts, availability } = await this.detect();
    if (!availability.available) throw new RuntimeUnavailableError(this.name, availability.reason ?? 'Unavailable', availability.message ?? 'unavailable');
    mkdirSync(ctx.instanceDir, { recursive: true });
    const unmet = unmetRequirement(spec.requires, { kernelRelease: facts.kernelRelease, btf: facts.btf });
    if (spec.program.object !== undefined) {
      const driver: ObjectDriverData = { form: 'object', pinDir: instancePinDir(this.pinRoot, instance.id), pinRoot: this.pinRoot };
      const options = this.objectOptions(instance, ctx, driver, facts);
      if (unmet) return ObjectInstance.failed(options, InstanceReason.RequirementsNotMet, unmet);
      return this.startObject(spec, ctx, options, facts);
    }
    return this.startBpftrace(instance, spec, ctx, facts, unmet);
  }

  async adopt(record: InstanceRecord, ctx: RuntimeContext): Promise<InstanceHandle | undefined> {
    if (record.runtime !== this.name) throw new InvalidInstanceSpecError(`record of instance ${record.instance.id} belongs to runtime ${record.runtime}`);
    const spec = ebpfSection(record.instance);
    const { facts } = await this.detect();
    const driver = record.driver as (BpftraceDriverData | ObjectDriverData | undefined);
    if (driver?.form === 'object') return this.adoptObject(record, ctx, driver, facts);
    if (driver?.form !== 'bpftrace') return undefined;
    // The supervisor adopts the process; its own state (without "attaching") is in the record.
    const inner = isTerminalState(record.state) ? record : { ...record, state: driver.innerState ?? record.state };
    const supervised = SupervisedInstance.adopt(this.bpftraceOptions(record.instance, ctx, spec, facts, driver), inner);
    if (!supervised) return undefined;
    return this.wrapBpftrace(supervised, ctx, spec, driver, true);
  }

  // --- bpftrace -------------------------------------------------------------------------

  private async startBpftrace(instance: InstanceSpec, spec: EbpfSpec, ctx: RuntimeContext, facts: BpfHostFacts, unmet: string | undefined): Promise<InstanceHandle> {
    const scriptFile = join(ctx.instanceDir, 'probe.bt');
    const driver: BpftraceDriverData = { form: 'bpftrace', scriptFile, maps: [], attached: false, everAttached: false, programIds: [] };
    const fail = (reason: string, message: string) =>
      this.wrapBpftrace(SupervisedInstance.failed(this.bpftraceOptions(instance, ctx, spec, facts, driver), reason, message), ctx, spec, driver, false);
    if (unmet) return fail(InstanceReason.RequirementsNotMet, unmet);
    let source: string;
    try {
      source = spec.program.bpftrace ?? readFileSync(resolve(ctx.baseDir, spec.program.bpftraceFile ?? ''), 'utf8');
    } catch (err) {
      return fail(InstanceReason.StartError, `cannot read bpftraceFile ${spec.program.bpftraceFile}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const instrumented = instrumentScript(source, { printIntervalMs: this.printIntervalMs });
    driver.maps = instrumented.maps;
    writeFileSync(scriptFile, instrumented.script);
    const problem = await verifyScript(facts.bpftrace!.path, facts.bpftrace!.dryRunArgs, scriptFile, bpftraceEnv(spec), this.options.verifyTimeoutMs ?? 30_000);
    if (problem !== undefined) return fail(InstanceReason.VerificationFailed, `bpftrace rejected the script: ${problem}`);
    const supervised = SupervisedInstance.launch(this.bpftraceOptions(instance, ctx, spec, facts, driver));
    return this.wrapBpftrace(supervised, ctx, spec, driver, false);
  }

  private wrapBpftrace(inner: SupervisedInstance, ctx: RuntimeContext, spec: EbpfSpec, driver: BpftraceDriverData, adopted: boolean): BpftraceInstance {
    return new BpftraceInstance({
      inner, ctx, driver,
      maxEventsPerSecond: spec.limits.maxEventsPerSecond,
      eventRateGraceSeconds: this.options.eventRateGraceSeconds ?? 3,
      attachTimeoutMs: this.options.attachTimeoutMs ?? 30_000,
      outputPollMs: this.options.outputPollMs ?? 200,
      stopGraceMs: this.supervision.stopGraceMs,
      readBacklog: adopted,
    });
  }

  private bpftraceOptions(instance: InstanceSpec, ctx: RuntimeContext, spec: EbpfSpec, facts: BpfHostFacts, driver: BpftraceDriverData): SupervisedInstanceOptions {
    const launch: LaunchSpec = {
      command: facts.bpftrace?.path ?? 'bpftrace',
      // -B line: one JSON event per write, so output (and metrics) arrive as they happen.
      args: ['-f', 'json', '-B', 'line', driver.scriptFile],
      env: bpftraceEnv(spec),
      cwd: ctx.instanceDir,
    };
    return {
      runtime: this.name,
      instance,
      ctx,
      // Exit 0 is a script that called exit(): done. A crash after attaching restarts.
      restartPolicy: 'OnFailure',
      launch: () => launch,
      driver,
      supervision: this.supervision,
    };
  }

  // --- objects --------------------------------------------------------------------------

  private objectOptions(instance: InstanceSpec, ctx: RuntimeContext, driver: ObjectDriverData, facts: BpfHostFacts) {
    return {
      runtime: this.name, instance, ctx, driver,
      bpftool: facts.bpftool?.path ?? 'bpftool',
      printIntervalMs: this.printIntervalMs,
      logKeep: this.supervision.logRotation.keep,
      maxEventsPerSecond: instance.spec.ebpf?.limits.maxEventsPerSecond,
      eventRateGraceSeconds: this.options.eventRateGraceSeconds ?? 3,
    };
  }

  private async startObject(spec: EbpfSpec, ctx: RuntimeContext, options: ReturnType<EbpfRuntime['objectOptions']>, facts: BpfHostFacts): Promise<InstanceHandle> {
    const driver = options.driver;
    if (!facts.loader) return ObjectInstance.failed(options, InstanceReason.StartError, 'the CO-RE object loader is not built on this node (tools/ebpf/build.sh)');
    const object = resolve(ctx.baseDir, spec.program.object!);
    if (!existsSync(object)) return ObjectInstance.failed(options, InstanceReason.StartError, `object ${object} does not exist`);
    const args = loaderTargetArgs(spec, spec.limits.maxMapEntries);
    const timeout = this.options.verifyTimeoutMs ?? 30_000;
    const verified = await runLoader(facts.loader, 'verify', object, undefined, args, timeout);
    if (!verified.ok) return ObjectInstance.failed(options, verified.reason, verified.message, verified.output);
    mkdirSync(this.pinRoot, { recursive: true });
    // A directory left by an earlier attempt of this very instance is ours to clear.
    removePinDir(this.pinRoot, driver.pinDir);
    const attached = await runLoader(facts.loader, 'attach', object, driver.pinDir, args, timeout);
    if (!attached.ok) {
      removePinDir(this.pinRoot, driver.pinDir);
      return ObjectInstance.failed(options, attached.reason, attached.message, attached.output);
    }
    driver.manifest = attached.manifest;
    driver.attachedAt = new Date().toISOString();
    return ObjectInstance.attached(options);
  }

  private async adoptObject(record: InstanceRecord, ctx: RuntimeContext, driver: ObjectDriverData, facts: BpfHostFacts): Promise<InstanceHandle | undefined> {
    const options = this.objectOptions(record.instance, ctx, driver, facts);
    if (isTerminalState(record.state)) return ObjectInstance.final(options, record);
    const programs = driver.manifest?.programs ?? [];
    const alive = programs.length > 0 && (await Promise.all(
      programs.map(async (p) => (await pinnedProgramId(options.bpftool, join(driver.pinDir, 'progs', p.name))) === p.id),
    )).every(Boolean);
    if (alive && record.state !== 'Stopping') return ObjectInstance.attached(options, InstanceReason.Adopted);
    // Gone (a reboot clears bpffs) or half-stopped: finish the job, nothing to re-attach to.
    removePinDir(driver.pinRoot, driver.pinDir);
    if (record.state === 'Stopping') {
      return ObjectInstance.final(options, { ...record, state: 'Stopped', reason: InstanceReason.Stopped, message: 'detached (while no agent was watching)', finishedAt: new Date().toISOString() });
    }
    return undefined;
  }

  // --- host -----------------------------------------------------------------------------

  private detect(): Promise<Host> {
    this.host ??= detectBpfHost({
      searchPath: this.searchPath,
      bpftracePath: this.options.bpftracePath,
      bpftoolPath: this.options.bpftoolPath,
      loaderPath: this.options.loaderPath ?? DEFAULT_LOADER_PATH,
      bpffsRoot: this.bpffsRoot,
      tracefsRoot: this.tracefsRoot,
    }).then((facts) => ({ facts, availability: availabilityOf(facts, this.options.allowBpf ?? false, { bpffsRoot: this.bpffsRoot, tracefsRoot: this.tracefsRoot }) }));
    return this.host;
  }
}

/** bpftrace's environment: nothing of the agent's, plus the map bound. */
function bpftraceEnv(spec: EbpfSpec): Record<string, string> {
  const max = String(spec.limits.maxMapEntries);
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    LANG: 'C',
    // 0.17 reads BPFTRACE_MAP_KEYS_MAX; later versions BPFTRACE_MAX_MAP_KEYS.
    BPFTRACE_MAP_KEYS_MAX: max,
    BPFTRACE_MAX_MAP_KEYS: max,
  };
}

function ebpfSection(instance: InstanceSpec): EbpfSpec {
  const spec = instance.spec.ebpf;
  if (instance.spec.runtime !== 'ebpf' || !spec) {
    throw new InvalidInstanceSpecError(`instance ${instance.id} is a ${instance.spec.runtime} workload; the ebpf driver needs spec.ebpf`);
  }
  return spec;
}
