import type { ResolvedPort, ServiceSpec } from '@mosaic/api';
import type { HealthCheck, LaunchSpec, ProbeResult } from '@mosaic/runtime-process';
import { resolvePortRef } from '../service-env.js';
import { execProbe } from './exec-probe.js';
import { httpProbe } from './http-probe.js';
import { tcpProbe } from './tcp-probe.js';

type HealthSpec = NonNullable<ServiceSpec['health']>;

interface ProbeContext {
  host: string;
  /** The instance's resolved host ports: a named check port means the port allocated to it. */
  ports: readonly ResolvedPort[];
  launch: Pick<LaunchSpec, 'env' | 'cwd'>;
}

type ProbeFn = (signal: AbortSignal) => Promise<ProbeResult>;

/** One factory per kind of check; the schema guarantees exactly one kind is set. */
const probeFactories: { [K in 'http' | 'tcp' | 'exec']: (check: NonNullable<HealthSpec[K]>, ctx: ProbeContext) => ProbeFn } = {
  http: (check, ctx) => {
    const port = resolvePortRef(check.port, ctx.ports);
    return (signal) => (port === undefined ? unknownPort(check.port) : httpProbe(ctx.host, port, check.path, signal));
  },
  tcp: (check, ctx) => {
    const port = resolvePortRef(check.port, ctx.ports);
    return (signal) => (port === undefined ? unknownPort(check.port) : tcpProbe(ctx.host, port, signal));
  },
  exec: (check, ctx) => (signal) => execProbe(check.command, ctx.launch, signal),
};

function unknownPort(ref: string): Promise<ProbeResult> {
  return Promise.resolve({ ok: false, detail: `port "${ref}" is not one of the service's ports` });
}

/** The supervisor's {@link HealthCheck} for a service's `health` section. */
export function createHealthCheck(health: HealthSpec, ctx: ProbeContext): HealthCheck {
  const probe = health.http ? probeFactories.http(health.http, ctx)
    : health.tcp ? probeFactories.tcp(health.tcp, ctx)
    : health.exec ? probeFactories.exec(health.exec, ctx)
    : () => Promise.resolve({ ok: false, detail: 'health check has no http, tcp or exec section' });
  return {
    probe,
    periodMs: health.periodSeconds * 1000,
    timeoutMs: health.timeoutSeconds * 1000,
    failureThreshold: health.failureThreshold,
    initialDelayMs: health.initialDelaySeconds * 1000,
  };
}
