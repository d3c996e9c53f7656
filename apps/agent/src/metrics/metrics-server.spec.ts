import assert from 'node:assert/strict';
import { MetricsServer, parseMetricsListen } from './metrics-server.js';

describe('metrics server', () => {
  const cases = [
    { text: '127.0.0.1:9464', want: { host: '127.0.0.1', port: 9464 } },
    { text: ':0', want: { host: '0.0.0.0', port: 0 } },
    { text: '[::1]:80', want: { host: '::1', port: 80 } },
  ];
  for (const tc of cases) it(`parses ${tc.text}`, () => assert.deepEqual(parseMetricsListen(tc.text), tc.want));
  for (const bad of ['9464', 'host:', 'h:70000', 'a:b']) it(`rejects ${bad}`, () => assert.throws(() => parseMetricsListen(bad), /metricsListen|host:port/));

  it('serves render() on GET /metrics as Prometheus text, 404 elsewhere', async () => {
    let n = 0;
    const server = await MetricsServer.listen('127.0.0.1:0', () => `x_total ${++n}\n`);
    try {
      const base = `http://${server.address}`;
      const first = await fetch(`${base}/metrics`);
      assert.equal(first.status, 200);
      assert.match(first.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      assert.equal(await first.text(), 'x_total 1\n');
      assert.equal(await (await fetch(`${base}/metrics`)).text(), 'x_total 2\n', 'rendered per scrape');
      assert.equal((await fetch(`${base}/other`)).status, 404);
      assert.equal((await fetch(`${base}/metrics`, { method: 'POST' })).status, 405);
    } finally {
      await server.close();
    }
  });
});
