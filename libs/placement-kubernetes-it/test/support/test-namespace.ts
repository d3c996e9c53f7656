import { randomBytes } from 'node:crypto';
import type { V1ServiceAccount } from '@kubernetes/client-node';
import type { KubernetesClient } from '@mosaic/placement-kubernetes';
import { pollUntil } from './poll.js';

/**
 * A namespace of its own for one test: created with server-side apply, ready once
 * the controller-manager has given it a default ServiceAccount (pods need it),
 * deleted by `cleanup()`.
 */
export async function createTestNamespace(client: KubernetesClient, prefix: string): Promise<{ name: string; cleanup: () => Promise<void> }> {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'mosaic.dev/test': 'placement-kubernetes-it' } } });
  await pollUntil(`ServiceAccount ${name}/default`, 30_000, () =>
    client.find<V1ServiceAccount>({ apiVersion: 'v1', kind: 'ServiceAccount', namespace: name, name: 'default' }));
  return { name, cleanup: () => client.delete({ apiVersion: 'v1', kind: 'Namespace', name }) };
}
