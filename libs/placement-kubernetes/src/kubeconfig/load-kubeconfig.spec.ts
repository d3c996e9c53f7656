import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@mosaic/api';
import { loadKubeConfig } from './load-kubeconfig.js';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: a
  cluster: { server: 'https://127.0.0.1:1111' }
- name: b
  cluster: { server: 'https://127.0.0.1:2222' }
users:
- name: u
  user: { token: t }
contexts:
- name: a
  context: { cluster: a, user: u }
- name: b
  context: { cluster: b, user: u }
current-context: a
`;

describe('loadKubeConfig', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mosaic-kubeconfig-'));
    writeFileSync(join(dir, 'config'), KUBECONFIG);
    writeFileSync(join(dir, 'empty'), 'apiVersion: v1\nkind: Config\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases = [
    { name: 'current context', context: undefined, server: 'https://127.0.0.1:1111' },
    { name: 'explicit context', context: 'b', server: 'https://127.0.0.1:2222' },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const kc = loadKubeConfig({ path: join(dir, 'config'), context: tc.context });
      assert.equal(kc.getCurrentCluster()?.server, tc.server);
    });
  }

  const failures = [
    { name: 'missing file', file: 'nope', context: undefined },
    { name: 'unknown context', file: 'config', context: 'c' },
    { name: 'no cluster selected', file: 'empty', context: undefined },
  ];
  for (const tc of failures) {
    it(`rejects ${tc.name}`, () => {
      assert.throws(() => loadKubeConfig({ path: join(dir, tc.file), context: tc.context }), InvalidArgumentError);
    });
  }
});
