import { strict as assert } from 'node:assert';
import type { InstanceSpec } from '@mosaic/runtime';
import { buildServiceEnv, portEnvName, resolvePortRef } from './service-env.js';

const instance = { id: 'web-1-abc', workloadKey: 'shop/web', namespace: 'shop', name: 'web', revision: 4 } as InstanceSpec;
const ports = [{ name: 'http', port: 8080, protocol: 'TCP' as const }, { name: 'admin-api', port: 9090, protocol: 'TCP' as const }];

describe('buildServiceEnv', () => {
  it('inherits only the listed agent variables, then Mosaic, port and spec variables', () => {
    const env = buildServiceEnv({ ports, env: { GREETING: 'hi' } }, instance, { name: 'node-a' }, { PATH: '/bin', SECRET: 'x' }, ['PATH', 'HOME']);
    assert.deepEqual(env, {
      PATH: '/bin',
      MOSAIC_INSTANCE_ID: 'web-1-abc', MOSAIC_WORKLOAD: 'shop/web', MOSAIC_NAMESPACE: 'shop', MOSAIC_NAME: 'web',
      MOSAIC_REVISION: '4', MOSAIC_NODE: 'node-a',
      PORT: '8080', PORT_HTTP: '8080', PORT_ADMIN_API: '9090',
      GREETING: 'hi',
    });
  });

  it('lets the spec override PORT', () => {
    assert.equal(buildServiceEnv({ ports, env: { PORT: '1' } }, instance, { name: 'n' }, {}, [])['PORT'], '1');
  });

  it('sets no PORT without ports', () => {
    assert.equal(buildServiceEnv({}, instance, { name: 'n' }, {}, [])['PORT'], undefined);
  });
});

describe('portEnvName / resolvePortRef', () => {
  const names: [string, string][] = [['http', 'PORT_HTTP'], ['http-alt', 'PORT_HTTP_ALT'], ['a1', 'PORT_A1']];
  for (const [name, want] of names) it(`${name} → ${want}`, () => assert.equal(portEnvName(name), want));
  const refs: [string, number | undefined][] = [['8081', 8081], ['http', 8080], ['admin-api', 9090], ['nope', undefined]];
  for (const [ref, want] of refs) it(`port ref ${ref} → ${want}`, () => assert.equal(resolvePortRef(ref, ports), want));
});
