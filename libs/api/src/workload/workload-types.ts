import type { z } from 'zod';
import type { ObjectMeta } from '../resource/object-meta.js';
import type { WorkloadStatus } from './workload-status.js';
import type { ebpfSchema } from './ebpf-schema.js';
import type { functionSchema } from './function-schema.js';
import type { placementSchema } from './placement-schema.js';
import type { rolloutSchema, rolloutStepSchema } from './rollout-schema.js';
import type { serviceSchema } from './service-schema.js';
import type { wasmSchema } from './wasm-schema.js';
import type { workloadSpecSchema } from './workload-schema.js';

/** A validated spec with every default filled in. */
export type WorkloadSpec = z.output<typeof workloadSpecSchema>;
/** A spec as a client may write it (defaults optional). */
export type WorkloadSpecInput = z.input<typeof workloadSpecSchema>;
export type ServiceSpec = z.output<typeof serviceSchema>;
export type FunctionSpec = z.output<typeof functionSchema>;
export type EbpfSpec = z.output<typeof ebpfSchema>;
export type WasmSpec = z.output<typeof wasmSchema>;
export type PlacementSpec = z.output<typeof placementSchema>;
export type RolloutSpec = z.output<typeof rolloutSchema>;
export type RolloutStep = z.output<typeof rolloutStepSchema>;

/** The one resource type: a validated, defaulted Workload as the store holds it. */
export interface Workload {
  apiVersion: 'mosaic.dev/v1';
  kind: 'Workload';
  metadata: ObjectMeta;
  spec: WorkloadSpec;
  status?: WorkloadStatus;
}
