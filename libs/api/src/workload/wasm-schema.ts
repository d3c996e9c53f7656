import { z } from 'zod';
import { exactlyOneOf, positiveInt, sha256Hex, stringMap } from './common-schemas.js';
import { RESTART_POLICIES } from './service-schema.js';

/** A WASI module run in its own sandboxed process, seeing only what it is given. */
export const wasmSchema = z.strictObject({
  module: z
    .strictObject({
      path: z.string().min(1).optional(),
      image: z.string().min(1).optional(),
      sha256: sha256Hex.optional(),
    })
    .superRefine(exactlyOneOf(['path', 'image'], 'a wasm module')),
  export: z.string().min(1).default('_start'),
  args: z.array(z.string()).optional(),
  wasi: z.strictObject({
    env: stringMap.optional(),
    preopens: z.array(z.strictObject({
      host: z.string().min(1),
      guest: z.string().startsWith('/', 'must be an absolute guest path'),
      readOnly: z.boolean().default(false),
    })).optional(),
    network: z.boolean().default(false),
  }).prefault({}),
  limits: z.strictObject({
    /** 64 KiB pages: 256 = 16 MiB. */
    memoryPages: z.int().min(1).max(65536).default(256),
    timeoutSeconds: positiveInt.optional(),
  }).prefault({}),
  restartPolicy: z.enum(RESTART_POLICIES).default('Never'),
});
