import assert from 'node:assert/strict';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { InvalidArgumentError, NotFoundError, PermissionDeniedError } from '@mosaic/api';
import { KubernetesClient, loadKubeConfig, NodeInventory } from '@mosaic/placement-kubernetes';
import { testKubeconfigPath } from './support/cluster-fixture.js';
import { createTestNamespace } from './support/test-namespace.js';
import { deployment } from './support/workloads.js';

describe('Kubernetes errors become Mosaic errors', () => {
  let admin: KubeConfig;
  let client: KubernetesClient;
  let namespace: string;
  let cleanup: () => Promise<void>;

  before(() => {
    admin = loadKubeConfig({ path: testKubeconfigPath() });
    client = new KubernetesClient(admin);
  });
  beforeEach(async () => {
    ({ name: namespace, cleanup } = await createTestNamespace(client, 'errors'));
  });
  afterEach(() => cleanup());

  it('404 → NotFoundError', async () => {
    await assert.rejects(client.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace, name: 'missing' }), NotFoundError);
    assert.equal(await client.find({ apiVersion: 'apps/v1', kind: 'Deployment', namespace, name: 'missing' }), undefined);
  });

  it('422 → InvalidArgumentError with one violation per field', async () => {
    const error = await client.apply(deployment(namespace, 'bad', -1)).then(() => assert.fail('should be invalid'), (e: unknown) => e);
    assert.ok(error instanceof InvalidArgumentError, `got ${String(error)}`);
    assert.equal(error.code, 'INVALID_ARGUMENT');
    assert.ok(error.violations.some((v) => v.path === 'spec.replicas'), JSON.stringify(error.violations));
  });

  it('403 → PermissionDeniedError, for calls and for the inventory', async () => {
    const restricted = await serviceAccountKubeConfig(admin, client, namespace, 'nobody');
    await assert.rejects(new KubernetesClient(restricted).list('v1', 'Node'), PermissionDeniedError);
    await assert.rejects(new NodeInventory(restricted).start(), PermissionDeniedError);
  });
});

/** A kubeconfig for a fresh ServiceAccount (no RBAC bindings), via the TokenRequest API. */
async function serviceAccountKubeConfig(admin: KubeConfig, client: KubernetesClient, namespace: string, name: string): Promise<KubeConfig> {
  await client.apply({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });
  const token = await admin.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
    name,
    namespace,
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: [], expirationSeconds: 600 } },
  });
  const cluster = admin.getCurrentCluster();
  assert.ok(cluster);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name, token: token.status?.token }],
    contexts: [{ name, cluster: cluster.name, user: name }],
    currentContext: name,
  });
  return kc;
}
