/** What a kubeconfig needs: where the server is and how to prove who we are. */
export interface KubeconfigInput {
  readonly server: string;
  readonly caPem: string;
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
  /** User name inside the file. */
  readonly user: string;
  /** @defaultValue 'mosaic-test-cluster' */
  readonly clusterName?: string;
}

/**
 * A self-contained kubeconfig (certificates embedded as *-data) so the file can be
 * copied or handed to kubectl and @kubernetes/client-node as is.
 */
export function renderKubeconfig(input: KubeconfigInput): string {
  const cluster = input.clusterName ?? 'mosaic-test-cluster';
  const b64 = (pem: string): string => Buffer.from(pem, 'utf8').toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${cluster}`,
    '  cluster:',
    `    server: ${input.server}`,
    `    certificate-authority-data: ${b64(input.caPem)}`,
    'users:',
    `- name: ${input.user}`,
    '  user:',
    `    client-certificate-data: ${b64(input.clientCertPem)}`,
    `    client-key-data: ${b64(input.clientKeyPem)}`,
    'contexts:',
    `- name: ${cluster}`,
    '  context:',
    `    cluster: ${cluster}`,
    `    user: ${input.user}`,
    `current-context: ${cluster}`,
    '',
  ].join('\n');
}
