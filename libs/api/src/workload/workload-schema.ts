import { z } from 'zod';
import { cpuQuantity, memoryQuantity, nonNegativeInt } from './common-schemas.js';
import { ebpfSchema } from './ebpf-schema.js';
import { functionSchema } from './function-schema.js';
import { objectMetaSchema } from './metadata-schema.js';
import { placementSchema } from './placement-schema.js';
import { rolloutSchema } from './rollout-schema.js';
import { serviceSchema } from './service-schema.js';
import { wasmSchema } from './wasm-schema.js';

export const API_VERSION = 'mosaic.dev/v1';
export const WORKLOAD_KIND = 'Workload';

/**
 * Each runtime's own section of the spec, keyed by the runtime's name. Adding a runtime
 * means adding its schema here; the rule "exactly the chosen runtime's section" is generic.
 */
export const runtimeSectionSchemas = {
  service: serviceSchema,
  function: functionSchema,
  ebpf: ebpfSchema,
  wasm: wasmSchema,
} as const;

export type RuntimeName = keyof typeof runtimeSectionSchemas;
export const RUNTIMES = Object.keys(runtimeSectionSchemas) as RuntimeName[];

export const resourcesSchema = z.strictObject({
  cpu: cpuQuantity.default('100m'),
  memory: memoryQuantity.default('64Mi'),
});

/**
 * "Exactly the chosen runtime's section": the chosen one must be present, the others absent.
 * Works on raw input too, so it can be reported alongside unrelated field errors.
 */
export function runtimeSectionViolations(spec: unknown): { path: [string]; message: string }[] {
  if (spec === null || typeof spec !== 'object') return [];
  const s = spec as Record<string, unknown>;
  const chosen = s['runtime'];
  if (typeof chosen !== 'string' || !(RUNTIMES as string[]).includes(chosen)) return [];
  const out: { path: [string]; message: string }[] = [];
  for (const runtime of RUNTIMES) {
    const present = s[runtime] !== undefined;
    if (runtime === chosen && !present) {
      out.push({ path: [runtime], message: `required: runtime is ${runtime}` });
    } else if (runtime !== chosen && present) {
      out.push({ path: [runtime], message: `only allowed with runtime ${runtime} (runtime is ${chosen}); remove this section or change runtime` });
    }
  }
  return out;
}

export const workloadSpecSchema = z
  .strictObject({
    runtime: z.enum(RUNTIMES as [RuntimeName, ...RuntimeName[]]),
    replicas: nonNegativeInt.default(1),
    resources: resourcesSchema.prefault({}),
    placement: placementSchema.prefault({}),
    rollout: rolloutSchema.prefault({}),
    service: serviceSchema.optional(),
    function: functionSchema.optional(),
    ebpf: ebpfSchema.optional(),
    wasm: wasmSchema.optional(),
  })
  .superRefine((spec, ctx) => {
    for (const v of runtimeSectionViolations(spec)) ctx.addIssue({ code: 'custom', ...v });
  });

/** The Workload as clients write it. `status` is accepted (so `get -o yaml` round-trips) and dropped. */
export const workloadSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION, { error: `must be "${API_VERSION}"` }),
  kind: z.literal(WORKLOAD_KIND, { error: `must be "${WORKLOAD_KIND}"` }),
  metadata: objectMetaSchema,
  spec: workloadSpecSchema,
  status: z.unknown().optional(),
});
