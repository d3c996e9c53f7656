import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { ApplyObject, KubernetesClient } from '@mosaic/placement-kubernetes';
import { pollUntil } from './poll.js';

/** A Deployment as the placement backend will write one: kwok never pulls the image. */
export function deployment(namespace: string, name: string, replicas: number, podSpec: Record<string, unknown> = {}): ApplyObject & V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'app', image: 'registry.invalid/mosaic/app:1', resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
          ...podSpec,
        },
      },
    },
  };
}

/** Waits until `count` pods of the app are bound to a node and Running. */
export async function waitForRunningPods(client: KubernetesClient, namespace: string, app: string, count: number, timeoutMs = 60_000): Promise<V1Pod[]> {
  let last: V1Pod[] = [];
  return pollUntil(`${count} Running pods of ${namespace}/${app}`, timeoutMs, async () => {
    last = await client.list<V1Pod>('v1', 'Pod', { namespace, labelSelector: `app=${app}` });
    const running = last.filter((pod) => pod.spec?.nodeName !== undefined && pod.status?.phase === 'Running' && pod.metadata?.deletionTimestamp === undefined);
    return running.length === count && last.length === count ? running : undefined;
  }, () => last.map((pod) => `${pod.metadata?.name}:${pod.spec?.nodeName ?? '(unscheduled)'}:${pod.status?.phase}`).join(', '));
}
