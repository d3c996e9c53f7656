import assert from 'node:assert/strict';
import { renderKubeconfig } from './kubeconfig.js';

describe('renderKubeconfig', () => {
  const input = { server: 'https://127.0.0.1:6443', caPem: 'CA', clientCertPem: 'CERT', clientKeyPem: 'KEY', user: 'admin' };
  const cases = [
    { name: 'points at the server', want: /server: https:\/\/127\.0\.0\.1:6443/ },
    { name: 'embeds the CA', want: new RegExp(`certificate-authority-data: ${Buffer.from('CA').toString('base64')}`) },
    { name: 'embeds the client key', want: new RegExp(`client-key-data: ${Buffer.from('KEY').toString('base64')}`) },
    { name: 'selects its context', want: /current-context: mosaic-test-cluster/ },
  ];
  for (const tc of cases) it(tc.name, () => assert.match(renderKubeconfig(input), tc.want));
});
