import { z } from 'zod';
import { exactlyOneOf, nonNegativeInt, positiveInt, stringMap } from './common-schemas.js';

const portRef = z.union([z.int().min(1).max(65535), z.string().min(1)]).transform(String);

export const PORT_PROTOCOLS = ['TCP', 'UDP'] as const;

/**
 * One port of a service. `port` set: a static host port — the scheduler keeps two instances
 * that ask for it off the same node (the `NodePorts` filter). `port` absent (or `0`, which is
 * what an unset proto3 `int32` reads as): a dynamic port the agent picks when the instance
 * starts and reports in the instance's status. Validation drops a `0`, so after parsing a
 * dynamic port is always an absent `port`, on the server and in clients alike.
 */
export const portSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a lower-case port name').max(15),
    port: z.int().min(0, 'must be 1..65535, or absent (0) for a dynamic port').max(65535).optional(),
    protocol: z.enum(PORT_PROTOCOLS).default('TCP'),
  })
  // Keys in spec order (name, port, protocol), so YAML output and diffs read as written.
  .transform(({ name, port, protocol }): { name: string; port?: number; protocol: (typeof PORT_PROTOCOLS)[number] } => (port ? { name, port, protocol } : { name, protocol }));

/** A port of a running instance: its name, the host port it got (static or dynamic), its protocol. */
export interface ResolvedPort {
  name: string;
  port: number;
  protocol: (typeof PORT_PROTOCOLS)[number];
}

/** Whether a (validated) port asks for a static host port. */
export function isStaticPort(port: { port?: number | undefined }): port is { port: number } {
  return port.port !== undefined && port.port > 0;
}

export const healthCheckSchema = z
  .strictObject({
    http: z.strictObject({ path: z.string().startsWith('/', 'must start with "/"'), port: portRef }).optional(),
    tcp: z.strictObject({ port: portRef }).optional(),
    exec: z.strictObject({ command: z.array(z.string()).min(1) }).optional(),
    periodSeconds: positiveInt.default(5),
    timeoutSeconds: positiveInt.default(1),
    failureThreshold: positiveInt.default(3),
    initialDelaySeconds: nonNegativeInt.default(0),
  })
  .superRefine(exactlyOneOf(['http', 'tcp', 'exec'], 'a health check'));

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;

/** A long-running, supervised child process. */
export const serviceSchema = z
  .strictObject({
    command: z.array(z.string().min(1)).min(1, 'needs the program to run, e.g. [node, server.js]'),
    args: z.array(z.string()).optional(),
    env: stringMap.optional(),
    workingDir: z.string().optional(),
    ports: z.array(portSchema).optional(),
    health: healthCheckSchema.optional(),
    restartPolicy: z.enum(RESTART_POLICIES).default('Always'),
  })
  .superRefine((svc, ctx) => {
    const names = new Set<string>();
    svc.ports?.forEach((p, i) => {
      if (names.has(p.name)) ctx.addIssue({ code: 'custom', path: ['ports', i, 'name'], message: `duplicate port name "${p.name}"` });
      names.add(p.name);
    });
    const ref = svc.health?.http?.port ?? svc.health?.tcp?.port;
    if (ref !== undefined && !/^\d+$/.test(ref) && !names.has(ref)) {
      const where = svc.health?.http ? 'http' : 'tcp';
      ctx.addIssue({ code: 'custom', path: ['health', where, 'port'], message: `names port "${ref}", which is not in ports` });
    }
  });
