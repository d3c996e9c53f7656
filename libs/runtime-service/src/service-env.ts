import type { ResolvedPort, ServiceSpec } from '@mosaic/api';
import type { InstanceSpec, NodeInfo } from '@mosaic/runtime';

/** `http-alt` → `PORT_HTTP_ALT`. */
export function portEnvName(portName: string): string {
  return `PORT_${portName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * The complete environment of a service process, later entries winning:
 * 1. the inherited agent variables (PATH, HOME, … — see `inheritEnv`);
 * 2. `MOSAIC_INSTANCE_ID`, `MOSAIC_WORKLOAD` (`namespace/name`), `MOSAIC_NAMESPACE`,
 *    `MOSAIC_NAME`, `MOSAIC_REVISION`, `MOSAIC_NODE`;
 * 3. `PORT` (the first port) and `PORT_<NAME>` for every named port — the resolved host ports
 *    (see `allocatePorts`: static as asked, dynamic as picked);
 * 4. the spec's own `env`.
 */
export function buildServiceEnv(
  spec: Pick<ServiceSpec, 'env'> & { ports?: readonly ResolvedPort[] | undefined },
  instance: InstanceSpec,
  node: NodeInfo,
  inherited: Record<string, string | undefined>,
  inheritNames: readonly string[],
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of inheritNames) {
    const value = inherited[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, {
    MOSAIC_INSTANCE_ID: instance.id,
    MOSAIC_WORKLOAD: instance.workloadKey,
    MOSAIC_NAMESPACE: instance.namespace,
    MOSAIC_NAME: instance.name,
    MOSAIC_REVISION: String(instance.revision),
    MOSAIC_NODE: node.name,
  });
  const [first] = spec.ports ?? [];
  if (first) env['PORT'] = String(first.port);
  for (const port of spec.ports ?? []) env[portEnvName(port.name)] = String(port.port);
  return Object.assign(env, spec.env ?? {});
}

/** A health check's `port`: a number, or the name of one of the instance's resolved ports. */
export function resolvePortRef(ref: string, ports: readonly { name: string; port?: number | undefined }[] | undefined): number | undefined {
  if (/^\d+$/.test(ref)) return Number(ref);
  return ports?.find((p) => p.name === ref)?.port;
}
