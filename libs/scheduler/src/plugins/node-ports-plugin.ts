import type { UsedPorts } from '../framework/cluster-snapshot.js';
import { SKIP, proceed, type FilterPlugin } from '../framework/plugin.js';
import { REASON_HOST_PORT_IN_USE } from '../framework/reasons.js';
import { SUCCESS, unschedulable } from '../framework/status.js';

const PORT_IN_USE = unschedulable(REASON_HOST_PORT_IN_USE);

/** The static host ports one instance asks for. */
interface RequestedPorts {
  readonly TCP: readonly number[];
  readonly UDP: readonly number[];
}

function conflicts(used: UsedPorts | undefined, wanted: RequestedPorts): boolean {
  if (!used) return false;
  return wanted.TCP.some((p) => used.TCP?.includes(p) === true) || wanted.UDP.some((p) => used.UDP?.includes(p) === true);
}

/**
 * kube-scheduler's NodePorts, Nomad's port feasibility: a static host port (`service.ports[]`
 * with `port` set) can be bound once per node, so a node where it is already held — by a live
 * instance of any workload (`usedPorts`), or by an instance of this workload placed there
 * earlier in this call — is unschedulable. Dynamic ports are picked by the agent and never
 * conflict. Scope `node`: every instance of the call asks the same ports, so once one is
 * reserved on the node the node stays rejected for the rest of the call.
 *
 * `Unschedulable`, not unresolvable: the port frees up when the holder stops.
 */
export const nodePortsPlugin: FilterPlugin<RequestedPorts> = {
  name: 'NodePorts',
  scope: 'node',
  preFilter(ctx) {
    const TCP: number[] = [];
    const UDP: number[] = [];
    for (const p of ctx.spec.service?.ports ?? []) if (p.port) (p.protocol === 'UDP' ? UDP : TCP).push(p.port);
    return TCP.length === 0 && UDP.length === 0 ? SKIP : proceed({ TCP, UDP });
  },
  filter(_ctx, info, wanted) {
    if (info.reserved > 0) return PORT_IN_USE;
    return conflicts(info.node.usedPorts, wanted) ? PORT_IN_USE : SUCCESS;
  },
};
