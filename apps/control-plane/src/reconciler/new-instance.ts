import { randomInt } from 'node:crypto';
import {
  API_VERSION,
  INSTANCE_KIND,
  INSTANCE_STOP_FINALIZER,
  NODE_LABEL,
  REVISION_LABEL,
  WORKLOAD_LABEL,
  type InstanceObject,
  type Workload,
} from '@mosaic/api';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** 5 random characters of [a-z0-9]: 60 million names per workload revision. */
export function randomSuffix(): string {
  let out = '';
  for (let i = 0; i < 5; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/**
 * `<workload>-<revision>-<suffix>`. Names of different workloads or revisions cannot collide
 * (the last two `-` delimit the number and the suffix); a suffix drawn twice fails the create
 * with AlreadyExists and the caller draws again.
 */
export function instanceName(workload: string, revision: number, suffix = randomSuffix()): string {
  return `${workload}-${revision}-${suffix}`;
}

/**
 * A new Instance of `workload`'s current revision bound to `node`, in the shape the agents side
 * expects: labels for selection, the revision's spec as the template, and the stop finalizer,
 * which the agent session removes once the agent has stopped it.
 */
export function newInstance(workload: Workload, revision: number, node: string, suffix?: string): InstanceObject {
  const { name, namespace, uid } = workload.metadata;
  return {
    apiVersion: API_VERSION,
    kind: INSTANCE_KIND,
    metadata: {
      name: instanceName(name, revision, suffix),
      namespace,
      labels: { [WORKLOAD_LABEL]: name, [REVISION_LABEL]: String(revision), [NODE_LABEL]: node },
      finalizers: [INSTANCE_STOP_FINALIZER],
    },
    spec: { workload: name, workloadUid: uid ?? '', revision, node, runtime: workload.spec.runtime, template: workload.spec },
  };
}
