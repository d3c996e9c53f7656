import { mkdir } from 'node:fs/promises';
import { parseMemoryBytes, type FunctionSpec } from '@mosaic/api';
import {
  InvalidInstanceSpecError, RuntimeUnavailableError,
  type InstanceHandle, type InstanceRecord, type InstanceSpec, type RuntimeAvailability, type RuntimeContext, type WorkloadRuntime,
} from '@mosaic/runtime';
import {
  SupervisedInstance, resolveSupervisionOptions,
  type HealthCheck, type LaunchSpec, type ResolvedSupervisionOptions, type SupervisedInstanceOptions,
} from '@mosaic/runtime-process';
import { buildNodeSandboxArgs, detectSandbox, type SandboxState } from '@mosaic/runtime-wasm';
import { FunctionInstance } from './function-instance.js';
import type { FunctionRuntimeOptions } from './function-runtime-options.js';
import { HOST_DIR, HOST_SCRIPT } from './host-dir.js';
import { waitForHost } from './host-client.js';
import { GUEST, instanceFiles, prepareFunction, SourceRejectedError } from './prepare-function.js';
import { RedisUrlCell } from './redis-url-cell.js';

/** How an instance was started, kept in its record so restarts and adoption agree. */
interface FunctionDriverData extends Record<string, unknown> {
  sandbox: 'bubblewrap' | 'none';
  sourceDir: string;
  processOldSpaceMb: number;
  /** `function.network`: the sandbox shares the host network. Absent in records of older agents: off. */
  network?: boolean;
}

const DEFAULT_MEMORY = 64 * 1024 * 1024;

/**
 * Runs `spec.function` handlers. Each instance is one supervised host process (restarted with
 * back-off when it dies) inside the same bubblewrap sandbox as Wasm modules — no network unless `function.network`, the
 * source read-only, a socket directory read-write — holding a warm pool of `concurrency`
 * worker threads; and one BullMQ worker in the agent on the revision's queue that forwards
 * jobs to it over the socket (see FunctionInstance).
 */
export class FunctionRuntime implements WorkloadRuntime {
  readonly name = 'function' as const;
  private readonly supervision: ResolvedSupervisionOptions;
  private readonly node: string;
  private readonly redis: RedisUrlCell;
  private sandboxState: Promise<SandboxState> | undefined;

  constructor(private readonly options: FunctionRuntimeOptions = {}) {
    this.supervision = resolveSupervisionOptions(options.supervision);
    this.node = options.nodePath ?? process.execPath;
    this.redis = new RedisUrlCell(options.redisUrl);
  }

  /** The Redis of the invocation queues; instances waiting for it start their workers. */
  setRedisUrl(url: string | undefined): void {
    this.redis.set(url);
  }

  get redisUrl(): string | undefined {
    return this.redis.url;
  }

  async probe(): Promise<RuntimeAvailability> {
    return (await this.sandbox()).availability;
  }

  async start(instance: InstanceSpec, ctx: RuntimeContext): Promise<InstanceHandle> {
    const spec = functionSection(instance);
    const sandbox = await this.sandbox();
    if (!sandbox.availability.available) throw new RuntimeUnavailableError('function', 'SandboxUnavailable', sandbox.availability.message ?? 'no sandbox');
    await mkdir(ctx.instanceDir, { recursive: true });
    const memory = parseMemoryBytes(instance.spec.resources?.memory ?? '') ?? DEFAULT_MEMORY;
    const sandboxed = sandbox.bwrap !== undefined;
    try {
      const prepared = await prepareFunction(spec, memory, ctx.baseDir, ctx.instanceDir);
      const driver: FunctionDriverData = { sandbox: sandboxed ? 'bubblewrap' : 'none', sourceDir: prepared.sourceDir, processOldSpaceMb: prepared.processOldSpaceMb, network: spec.network };
      return this.wrap(SupervisedInstance.launch(this.supervisedOptions(instance, ctx, sandbox, driver)), instance, ctx, spec);
    } catch (err) {
      if (!(err instanceof SourceRejectedError)) throw err;
      const driver: FunctionDriverData = { sandbox: sandboxed ? 'bubblewrap' : 'none', sourceDir: '', processOldSpaceMb: 0 };
      return this.wrap(SupervisedInstance.failed(this.supervisedOptions(instance, ctx, sandbox, driver), err.reason, err.message), instance, ctx, spec);
    }
  }

  async adopt(record: InstanceRecord, ctx: RuntimeContext): Promise<InstanceHandle | undefined> {
    if (record.runtime !== this.name) throw new InvalidInstanceSpecError(`record of instance ${record.instance.id} belongs to runtime ${record.runtime}`);
    const spec = functionSection(record.instance);
    const driver = record.driver as FunctionDriverData | undefined;
    if (!driver) return undefined;
    const sup = SupervisedInstance.adopt(this.supervisedOptions(record.instance, ctx, await this.sandbox(), driver), record);
    return sup ? this.wrap(sup, record.instance, ctx, spec) : undefined;
  }

  private wrap(sup: SupervisedInstance, instance: InstanceSpec, ctx: RuntimeContext, spec: FunctionSpec): FunctionInstance {
    return new FunctionInstance(sup, {
      instance,
      spec,
      socketPath: instanceFiles(ctx.instanceDir).socket,
      redis: this.redis,
      stopGraceMs: this.supervision.stopGraceMs,
      log: (level, message) => ctx.log?.(level, message, { instance: instance.id, runtime: this.name }),
    });
  }

  private supervisedOptions(instance: InstanceSpec, ctx: RuntimeContext, sandbox: SandboxState, driver: FunctionDriverData): SupervisedInstanceOptions {
    return {
      runtime: this.name,
      instance,
      ctx,
      restartPolicy: 'Always',
      launch: () => this.launchSpec(ctx, sandbox, driver),
      health: this.readiness(instanceFiles(ctx.instanceDir).socket),
      driver,
      supervision: this.supervision,
    };
  }

  /**
   * Running = the host answers a ping on its socket (a thread has loaded the handler). Each
   * probe waits for a starting host — re-pinging every 10–50 ms while the socket is missing or
   * refuses connections, up to the probe's timeout — so the first success comes as soon as the
   * host listens, not a whole period later; afterwards the same probe every `readinessPeriodMs`
   * is the liveness check (a live host answers the first ping).
   */
  private readiness(socket: string): HealthCheck {
    return {
      probe: async (signal) => {
        try {
          const pong = await waitForHost(socket, signal);
          return { ok: pong.ok, detail: `host answers (${JSON.stringify(pong.output)})` };
        } catch (err) {
          return { ok: false, detail: (err as Error).message };
        }
      },
      periodMs: this.options.readinessPeriodMs ?? 2000,
      timeoutMs: 5000,
      failureThreshold: 3,
      initialDelayMs: 0,
    };
  }

  /** The host process: bwrap around node + function-host.mjs, or the host alone when unsandboxed. */
  private launchSpec(ctx: RuntimeContext, sandbox: SandboxState, driver: FunctionDriverData): LaunchSpec {
    const files = instanceFiles(ctx.instanceDir);
    const nodeArgs = ['--disable-warning=ExperimentalWarning', `--max-old-space-size=${driver.processOldSpaceMb}`];
    const base = { env: {}, cwd: ctx.instanceDir };
    if (driver.sandbox === 'none') {
      return { ...base, command: this.node, args: [...nodeArgs, `${HOST_DIR}/${HOST_SCRIPT}`, files.config] };
    }
    if (!sandbox.bwrap) throw new Error('bubblewrap is no longer available on this node');
    return {
      ...base,
      command: sandbox.bwrap,
      args: buildNodeSandboxArgs({
        hostLayout: sandbox.layout,
        node: this.node,
        nodeArgs,
        binds: [
          { host: HOST_DIR, guest: GUEST.host, readOnly: true },
          { host: files.guestConfig, guest: GUEST.config, readOnly: true },
          { host: files.scope, guest: GUEST.scope, readOnly: true },
          { host: driver.sourceDir, guest: GUEST.source, readOnly: true },
          { host: files.sockets, guest: GUEST.sockets, readOnly: false },
        ],
        network: driver.network === true,
        script: `${GUEST.host}/${HOST_SCRIPT}`,
        scriptArgs: [GUEST.config],
      }),
    };
  }

  private sandbox(): Promise<SandboxState> {
    this.sandboxState ??= detectSandbox({
      driver: 'function',
      node: this.node,
      ...(this.options.bwrapPath !== undefined ? { bwrapPath: this.options.bwrapPath } : {}),
      ...(this.options.searchPath !== undefined ? { searchPath: this.options.searchPath } : {}),
      ...(this.options.allowUnsandboxed !== undefined ? { allowUnsandboxed: this.options.allowUnsandboxed } : {}),
    });
    return this.sandboxState;
  }
}

function functionSection(instance: InstanceSpec): FunctionSpec {
  const spec = instance.spec.function;
  if (instance.spec.runtime !== 'function' || !spec) {
    throw new InvalidInstanceSpecError(`instance ${instance.id} is a ${instance.spec.runtime} workload; the function driver needs spec.function`);
  }
  return spec;
}
