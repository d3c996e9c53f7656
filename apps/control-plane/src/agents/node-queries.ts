import { CLUSTER_NAMESPACE, INSTANCE_KIND, NODE_KIND, NODE_LABEL, type InstanceObject, type NodeObject } from '@mosaic/api';
import type { Store } from '@mosaic/store';
import { allocationByNode, type NodeAllocation } from './node-allocation.js';

/** A Node with what its instances request of it, as `mosaic nodes` shows it. */
export interface NodeView {
  node: NodeObject;
  allocated: NodeAllocation;
}

const NONE: NodeAllocation = { cpuMillis: 0, memoryBytes: 0, instances: 0 };

/** The read side of NodeService: Nodes from the store, allocation computed from Instances. */
export class NodeQueries {
  constructor(private readonly store: Store) {}

  /** @throws InvalidArgumentError for a malformed selector. */
  async list(labelSelector = ''): Promise<{ items: NodeView[]; revision: number }> {
    const nodes = await this.store.list<NodeObject>(NODE_KIND, labelSelector ? { labelSelector } : {});
    // One list of every instance beats one per node; a node's share is a map lookup.
    const allocation = allocationByNode((await this.store.list<InstanceObject>(INSTANCE_KIND)).items);
    return { items: nodes.items.map((node) => ({ node, allocated: allocation.get(node.metadata.name) ?? NONE })), revision: nodes.revision };
  }

  /** @throws NotFoundError */
  async get(name: string): Promise<NodeView> {
    const node = await this.store.get<NodeObject>(NODE_KIND, CLUSTER_NAMESPACE, name);
    const instances = await this.store.list<InstanceObject>(INSTANCE_KIND, { labelSelector: `${NODE_LABEL}=${name}` });
    return { node, allocated: allocationByNode(instances.items).get(name) ?? NONE };
  }
}
