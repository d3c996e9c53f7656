import { access, constants } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ResolvedPort, ServiceSpec } from '@mosaic/api';
import {
  InvalidInstanceSpecError,
  type InstanceHandle, type InstanceRecord, type InstanceSpec, type RuntimeAvailability, type RuntimeContext, type WorkloadRuntime,
} from '@mosaic/runtime';
import {
  SupervisedInstance, resolveSupervisionOptions,
  type LaunchSpec, type ResolvedSupervisionOptions, type SupervisedInstanceOptions,
} from '@mosaic/runtime-process';
import { createHealthCheck } from './health/create-health-check.js';
import { allocatePorts, portsFromDriverData } from './ports/allocate-ports.js';
import { buildServiceEnv } from './service-env.js';
import type { ServiceRuntimeOptions } from './service-runtime-options.js';

const DEFAULT_INHERIT_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ'];

/**
 * Runs `spec.service` as a supervised child process: `command` + `args` with exactly the
 * environment of {@link buildServiceEnv}, in `workingDir` (relative to the context's base
 * dir), health-gated to Running, restarted per `restartPolicy` with back-off, output in a
 * rotated log. The supervision itself is the shared {@link SupervisedInstance}.
 *
 * Ports: dynamic ones are picked once, at start ({@link allocatePorts}), and kept in the
 * record's driver data, so restarts (same launch spec) and adoption (from the record) keep
 * them; the handle exposes them as `ports` for the agent's reports.
 */
export class ServiceRuntime implements WorkloadRuntime {
  readonly name = 'service' as const;
  private readonly supervision: ResolvedSupervisionOptions;

  constructor(private readonly options: ServiceRuntimeOptions = {}) {
    this.supervision = resolveSupervisionOptions(options.supervision);
  }

  async probe(): Promise<RuntimeAvailability> {
    try {
      await access('/bin/sh', constants.X_OK);
      return { available: true, details: { supervisor: 'detached process groups' } };
    } catch {
      return { available: false, reason: 'ShellMissing', message: '/bin/sh is needed to supervise service processes' };
    }
  }

  async start(instance: InstanceSpec, ctx: RuntimeContext): Promise<InstanceHandle> {
    const spec = serviceSection(instance);
    const ports = await allocatePorts(spec.ports, [], this.options.portHost);
    return SupervisedInstance.launch(this.supervisedOptions(instance, spec, ports, ctx));
  }

  async adopt(record: InstanceRecord, ctx: RuntimeContext): Promise<InstanceHandle | undefined> {
    if (record.runtime !== this.name) throw new InvalidInstanceSpecError(`record of instance ${record.instance.id} belongs to runtime ${record.runtime}`);
    const spec = serviceSection(record.instance);
    // The record's ports are the ones the running process was given; a record written before
    // ports were recorded gets fresh dynamic ones (only the health check would notice).
    const ports = await allocatePorts(spec.ports, portsFromDriverData(record.driver), this.options.portHost);
    return SupervisedInstance.adopt(this.supervisedOptions(record.instance, spec, ports, ctx), record);
  }

  private supervisedOptions(instance: InstanceSpec, spec: ServiceSpec, ports: ResolvedPort[], ctx: RuntimeContext): SupervisedInstanceOptions {
    const launch: LaunchSpec = {
      command: spec.command[0]!,
      args: [...spec.command.slice(1), ...(spec.args ?? [])],
      env: buildServiceEnv({ env: spec.env, ports }, instance, ctx.node, process.env, this.options.inheritEnv ?? DEFAULT_INHERIT_ENV),
      cwd: resolve(ctx.baseDir, spec.workingDir ?? '.'),
    };
    return {
      runtime: this.name,
      instance,
      ctx,
      restartPolicy: spec.restartPolicy,
      launch: () => launch,
      health: spec.health && createHealthCheck(spec.health, { host: this.options.healthHost ?? '127.0.0.1', ports, launch }),
      driver: ports.length > 0 ? { ports } : undefined,
      ports,
      supervision: this.supervision,
    };
  }
}

function serviceSection(instance: InstanceSpec): ServiceSpec {
  const spec = instance.spec.service;
  if (instance.spec.runtime !== 'service' || !spec) {
    throw new InvalidInstanceSpecError(`instance ${instance.id} is a ${instance.spec.runtime} workload; the service driver needs spec.service`);
  }
  return spec;
}
