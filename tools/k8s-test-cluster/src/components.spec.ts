import assert from 'node:assert/strict';
import { clusterComponents, SERVICE_CIDR } from './components.js';
import { statePaths } from './paths.js';

describe('clusterComponents', () => {
  const components = clusterComponents({
    paths: statePaths('/tmp/state'),
    ports: { etcdClient: 1001, etcdPeer: 1002, apiServer: 1003, controllerManager: 1004, scheduler: 1005, kwok: 1006 },
    etcd: '/usr/bin/etcd',
    binaries: { 'kube-apiserver': '/b/kube-apiserver', 'kube-controller-manager': '/b/kcm', 'kube-scheduler': '/b/ks', kwok: '/b/kwok' },
    serviceCidr: SERVICE_CIDR,
  });

  it('starts etcd, the control plane and kwok in dependency order', () => {
    assert.deepEqual(components.map((c) => c.name), ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok']);
  });

  const listenFlags = /^--(listen-client-urls|listen-peer-urls|bind-address|advertise-address|server-address)=/;
  for (const component of components) {
    it(`${component.name} listens on 127.0.0.1 only`, () => {
      const flags = component.args.filter((arg) => listenFlags.test(arg));
      assert.ok(flags.length > 0, 'has an explicit listen address');
      for (const flag of flags) assert.match(flag, /=(http:\/\/)?127\.0\.0\.1(:\d+)?$/, flag);
    });
    it(`${component.name} is health-checked on loopback`, () => {
      assert.match(component.health.url, /^https?:\/\/127\.0\.0\.1:\d+\//);
    });
  }

  it('turns RBAC on', () => {
    const apiServer = components.find((c) => c.name === 'kube-apiserver');
    assert.ok(apiServer?.args.includes('--authorization-mode=RBAC'));
  });
});
