/** A node as Mosaic's scheduler sees it: plain data, parsed once. */
export interface InventoryNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** What pods may request in total (status.allocatable). */
  readonly allocatable: {
    readonly cpuMillicores: number;
    readonly memoryBytes: number;
    readonly pods: number;
  };
  readonly taints: readonly NodeTaint[];
  /** `kubernetes.io/arch` label, else status.nodeInfo.architecture. */
  readonly arch: string | undefined;
  /** `mosaic.dev/kernel-version` label, else status.nodeInfo.kernelVersion. */
  readonly kernelVersion: string | undefined;
  /** The Ready condition is True. */
  readonly ready: boolean;
  /** spec.unschedulable (cordoned). */
  readonly unschedulable: boolean;
  readonly resourceVersion: string | undefined;
}

export interface NodeTaint {
  readonly key: string;
  readonly value?: string;
  /** NoSchedule, PreferNoSchedule or NoExecute. */
  readonly effect: string;
}

/** Labels the inventory reads besides the well-known Kubernetes ones. */
export const KERNEL_VERSION_LABEL = 'mosaic.dev/kernel-version';
export const ARCH_LABEL = 'kubernetes.io/arch';
