import { z } from 'zod';
import { labelKey, labelMap } from './common-schemas.js';

export const AFFINITY_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const;

/** A node-label expression; with `weight` it is preferred (scored), without it required (filtered). */
export const affinityTermSchema = z
  .strictObject({
    key: labelKey,
    operator: z.enum(AFFINITY_OPERATORS),
    values: z.array(z.string()).optional(),
    weight: z.int().min(1).max(100).optional(),
  })
  .superRefine((term, ctx) => {
    const n = term.values?.length ?? 0;
    if ((term.operator === 'In' || term.operator === 'NotIn') && n === 0) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: `operator ${term.operator} needs at least one value` });
    }
    if ((term.operator === 'Exists' || term.operator === 'DoesNotExist') && n > 0) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: `operator ${term.operator} takes no values` });
    }
    if ((term.operator === 'Gt' || term.operator === 'Lt') && (n !== 1 || !/^-?\d+$/.test(term.values?.[0] ?? ''))) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: `operator ${term.operator} needs exactly one integer value` });
    }
  });

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

export const tolerationSchema = z
  .strictObject({
    key: labelKey.optional(),
    operator: z.enum(['Equal', 'Exists']).default('Equal'),
    value: z.string().optional(),
    effect: z.enum(TAINT_EFFECTS).optional(),
  })
  .superRefine((t, ctx) => {
    if (t.operator === 'Exists' && t.value !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'operator Exists takes no value' });
    }
    if (t.operator === 'Equal' && t.key === undefined) {
      ctx.addIssue({ code: 'custom', path: ['key'], message: 'operator Equal needs a key (use operator Exists to tolerate every taint)' });
    }
  });

export const topologySpreadSchema = z.strictObject({
  topologyKey: labelKey,
  maxSkew: z.int().min(1).default(1),
});

export const placementSchema = z.strictObject({
  /** `replicas`: `spec.replicas` instances; `everyNode`: one per matching node, like a DaemonSet. */
  mode: z.enum(['replicas', 'everyNode']).default('replicas'),
  nodeSelector: labelMap.optional(),
  affinity: z.array(affinityTermSchema).optional(),
  tolerations: z.array(tolerationSchema).optional(),
  spread: topologySpreadSchema.optional(),
  arch: z.array(z.enum(['amd64', 'arm64', 'arm', 'riscv64', 's390x', 'ppc64le'])).min(1).optional(),
});
