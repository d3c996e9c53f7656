import assert from 'node:assert/strict';
import { InvalidRedisUrlError } from '../errors/invalid-redis-url-error.js';
import { toClientTarget, unixSocketUrl } from './redis-url.js';

describe('toClientTarget', () => {
  const cases: { name: string; url: string; want: string }[] = [ // want 'error': rejected
    { name: 'redis URL passes through', url: 'redis://127.0.0.1:6379/2', want: 'redis://127.0.0.1:6379/2' },
    { name: 'rediss URL passes through', url: 'rediss://user:pw@redis.example:6380', want: 'rediss://user:pw@redis.example:6380' },
    { name: 'unix URL becomes a socket path', url: 'unix:///var/lib/mosaic/redis.sock', want: '/var/lib/mosaic/redis.sock' },
    { name: 'redis+unix URL keeps its query', url: 'redis+unix:///tmp/r.sock?db=3', want: '/tmp/r.sock?db=3' },
    { name: 'bare absolute path is a socket', url: '/tmp/r.sock', want: '/tmp/r.sock' },
    { name: 'percent-encoded socket path is decoded', url: 'unix:///tmp/a%20b/r.sock', want: '/tmp/a b/r.sock' },
    { name: 'http URL is rejected', url: 'http://127.0.0.1:6379', want: 'error' },
    { name: 'relative path is rejected', url: 'redis.sock', want: 'error' },
    { name: 'unix URL with a remote host is rejected', url: 'unix://otherhost/tmp/r.sock', want: 'error' },
    { name: 'empty string is rejected', url: '', want: 'error' },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      if (tc.want === 'error') assert.throws(() => toClientTarget(tc.url), InvalidRedisUrlError);
      else assert.equal(toClientTarget(tc.url), tc.want);
    });
  }

  it('round-trips unixSocketUrl', () => {
    const path = '/tmp/mosaic state/redis.sock';
    assert.equal(toClientTarget(unixSocketUrl(path)), path);
  });
});
