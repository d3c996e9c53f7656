import assert from 'node:assert/strict';
import type { MosaicConfig } from './mosaic-config.js';
import { resolveConnection } from './resolve-connection.js';

describe('resolveConnection', () => {
  const config: MosaicConfig = {
    currentContext: 'prod',
    contexts: [
      { name: 'prod', server: 'prod:7070', token: 'file-token', namespace: 'shop' },
      { name: 'dev', server: 'dev:7070' },
      { name: 'secure', server: 'mosaic.example:443', tls: { ca: '/etc/mosaic/ca.pem' } },
    ],
  };
  const cases = [
    { name: 'built-in default without anything', flags: {}, env: {}, config: { contexts: [] }, want: { server: '127.0.0.1:7070', namespace: 'default' } },
    { name: 'current context from the file', flags: {}, env: {}, config, want: { server: 'prod:7070', token: 'file-token', namespace: 'shop', context: 'prod' } },
    { name: 'env beats the file', flags: {}, env: { MOSAIC_SERVER: 'env:1', MOSAIC_TOKEN: 'env-token' }, config, want: { server: 'env:1', token: 'env-token', namespace: 'shop', context: 'prod' } },
    { name: 'flag beats env', flags: { server: 'flag:2' }, env: { MOSAIC_SERVER: 'env:1' }, config, want: { server: 'flag:2', token: 'file-token', namespace: 'shop', context: 'prod' } },
    { name: '--context picks another context', flags: { context: 'dev' }, env: {}, config, want: { server: 'dev:7070', namespace: 'default', context: 'dev' } },
    { name: 'a context may carry TLS files', flags: { context: 'secure' }, env: {}, config, want: { server: 'mosaic.example:443', namespace: 'default', context: 'secure', tls: { ca: '/etc/mosaic/ca.pem' } } },
    { name: 'empty env value is ignored', flags: {}, env: { MOSAIC_SERVER: '' }, config, want: { server: 'prod:7070', token: 'file-token', namespace: 'shop', context: 'prod' } },
    { name: 'dangling currentContext falls back to the default', flags: {}, env: {}, config: { currentContext: 'gone', contexts: [] }, want: { server: '127.0.0.1:7070', namespace: 'default' } },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      assert.deepEqual(resolveConnection({ flags: tc.flags, env: tc.env, config: tc.config }), tc.want);
    });
  }

  it('rejects an unknown --context', () => {
    assert.throws(() => resolveConnection({ flags: { context: 'nope' }, env: {}, config }), /context "nope" not found/);
  });
});
