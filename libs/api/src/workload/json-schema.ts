import { z } from 'zod';
import { workloadSchema } from './workload-schema.js';

/**
 * The published JSON Schema of a Workload document (draft 2020-12), generated from the same
 * schema the server validates with. Editors use it for YAML completion; cross-field rules
 * (e.g. "exactly the chosen runtime's section") are enforced by the server only.
 */
export function workloadJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(workloadSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  return {
    ...schema,
    $id: 'https://mosaic.dev/schemas/v1/workload.json',
    title: 'Mosaic Workload',
    description: 'One resource type for services, functions, eBPF probes and WebAssembly modules.',
  };
}
