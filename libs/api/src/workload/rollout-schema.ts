import { z } from 'zod';
import { exactlyOneOf, intOrPercent, nonNegativeInt, positiveInt } from './common-schemas.js';

export const analysisMetricSchema = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(['health', 'restarts', 'errorRate', 'latencyP99', 'attachSuccess']),
  threshold: z.number().optional(),
});

export const analysisStepSchema = z.strictObject({
  metrics: z.array(analysisMetricSchema).min(1),
  intervalSeconds: positiveInt.default(10),
  count: positiveInt.default(3),
  failureLimit: nonNegativeInt.default(0),
});

/** One canary step; exactly one kind per step (Argo Rollouts' shape). */
export const rolloutStepSchema = z
  .strictObject({
    setWeight: z.int().min(0).max(100).optional(),
    pause: z.strictObject({ seconds: positiveInt.optional() }).optional(),
    analysis: analysisStepSchema.optional(),
  })
  .superRefine(exactlyOneOf(['setWeight', 'pause', 'analysis'], 'a rollout step'));

export const rolloutSchema = z
  .strictObject({
    strategy: z.enum(['rolling', 'canary', 'blueGreen']).default('rolling'),
    maxSurge: intOrPercent.default('25%'),
    maxUnavailable: intOrPercent.default('0'),
    steps: z.array(rolloutStepSchema).optional(),
    autoRollback: z.boolean().default(true),
    progressDeadlineSeconds: positiveInt.default(600),
    /** eBPF canaries: nodes matching `key=value` are taken first. */
    nodeOrderLabel: z.string().regex(/^[^=]+=[^=]*$/, 'must be key=value').optional(),
  })
  .superRefine((r, ctx) => {
    if (r.strategy === 'canary' && !r.steps?.length) {
      ctx.addIssue({ code: 'custom', path: ['steps'], message: 'a canary rollout needs at least one step' });
    }
    if (r.strategy !== 'canary' && r.steps?.length) {
      ctx.addIssue({ code: 'custom', path: ['steps'], message: `steps apply to strategy canary only (strategy is ${r.strategy})` });
    }
  });
