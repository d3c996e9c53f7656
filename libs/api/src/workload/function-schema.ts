import { z } from 'zod';
import { exactlyOneOf, nonNegativeInt, positiveInt, sha256Hex, stringMap } from './common-schemas.js';

export const functionTriggerSchema = z
  .strictObject({
    queue: z.strictObject({ name: z.string().min(1).optional() }).optional(),
    http: z.strictObject({ path: z.string().startsWith('/').optional() }).optional(),
    schedule: z.strictObject({
      cron: z.string().regex(/^(\S+\s+){4,5}\S+$/, 'must be a cron expression with 5 or 6 fields'),
      timezone: z.string().optional(),
    }).optional(),
  })
  .superRefine(exactlyOneOf(['queue', 'http', 'schedule'], 'a trigger'));

/** A handler Mosaic runs on demand and scales with load, to zero when idle. */
export const functionSchema = z
  .strictObject({
    source: z.strictObject({
      path: z.string().regex(/\.(m?js|ts|wasm)$/, 'must be a .js, .mjs, .ts or .wasm module'),
      sha256: sha256Hex.optional(),
    }),
    handler: z.string().regex(/^[\w$.-]+\.[A-Za-z_$][\w$]*$/, 'must be "module.export", e.g. "index.handler"'),
    trigger: functionTriggerSchema,
    concurrency: positiveInt.default(10),
    scale: z.strictObject({
      min: nonNegativeInt.default(0),
      max: positiveInt.default(10),
      idleSeconds: positiveInt.default(60),
    }).prefault({}),
    timeoutSeconds: positiveInt.default(30),
    retry: z.strictObject({
      attempts: positiveInt.default(3),
      backoff: z.enum(['exponential', 'fixed']).default('exponential'),
      delaySeconds: nonNegativeInt.default(1),
    }).prefault({}),
    env: stringMap.optional(),
    /** Share the host network (egress to databases and APIs). Off: the handler has no network at all. */
    network: z.boolean().default(false),
  })
  .superRefine((fn, ctx) => {
    if (fn.scale.min > fn.scale.max) {
      ctx.addIssue({ code: 'custom', path: ['scale', 'min'], message: `must not exceed scale.max (${fn.scale.max})` });
    }
  });
