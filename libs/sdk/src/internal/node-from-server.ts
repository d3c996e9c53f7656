import type { pb } from '@mosaic/proto';
import type { NodeView } from '../node-types.js';

/**
 * A received Node as the domain shape: int64 fields (strings on the wire with `longs:
 * String`) become numbers; absent repeated fields stay absent.
 */
export function nodeFromServer(message: pb.Node__Output): NodeView {
  const plain = JSON.parse(JSON.stringify(message)) as NodeView & { metadata: { generation?: unknown } };
  if (typeof plain.metadata?.generation === 'string') plain.metadata.generation = Number(plain.metadata.generation);
  const capacity = plain.status?.capacity;
  if (capacity) plain.status!.capacity = { cpuMillis: Number(capacity.cpuMillis), memoryBytes: Number(capacity.memoryBytes) };
  const allocated = plain.allocated ?? { cpuMillis: 0, memoryBytes: 0, instances: 0 };
  plain.allocated = { cpuMillis: Number(allocated.cpuMillis ?? 0), memoryBytes: Number(allocated.memoryBytes ?? 0), instances: allocated.instances ?? 0 };
  return plain;
}
