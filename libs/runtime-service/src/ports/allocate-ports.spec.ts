import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import { allocatePorts, portsFromDriverData } from './allocate-ports.js';

describe('allocatePorts', () => {
  it('keeps a static port as asked', async () => {
    assert.deepEqual(await allocatePorts([{ name: 'http', port: 8080, protocol: 'TCP' }]), [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  });

  it('picks distinct free ports for the dynamic ports of one instance (TCP and UDP)', async () => {
    const ports = await allocatePorts([{ name: 'a', protocol: 'TCP' }, { name: 'b', protocol: 'TCP' }, { name: 'c', protocol: 'UDP' }]);
    assert.deepEqual(ports.map((p) => [p.name, p.protocol]), [['a', 'TCP'], ['b', 'TCP'], ['c', 'UDP']]);
    for (const p of ports) assert.ok(p.port > 0 && p.port <= 65535, `${p.name}: ${p.port}`);
    assert.notEqual(ports[0]!.port, ports[1]!.port);
    // Released: the service can bind it now.
    const srv = createServer();
    await new Promise<void>((resolve, reject) => srv.once('error', reject).listen(ports[0]!.port, '127.0.0.1', resolve));
    await new Promise((resolve) => srv.close(resolve));
  });

  it('reuses the previous port of a dynamic port (same name and protocol)', async () => {
    const previous = [{ name: 'http', port: 41234, protocol: 'TCP' as const }, { name: 'gone', port: 41235, protocol: 'TCP' as const }];
    const ports = await allocatePorts([{ name: 'http', protocol: 'TCP' }, { name: 'dns', protocol: 'UDP' }], previous);
    assert.deepEqual(ports[0], { name: 'http', port: 41234, protocol: 'TCP' });
    assert.notEqual(ports[1]!.port, 0);
  });

  it('no ports, no sockets', async () => {
    assert.deepEqual(await allocatePorts(undefined), []);
  });
});

describe('portsFromDriverData', () => {
  const cases: { name: string; driver: Record<string, unknown> | undefined; want: unknown[] }[] = [
    { name: 'no driver data', driver: undefined, want: [] },
    { name: 'no ports', driver: { other: 1 }, want: [] },
    { name: 'well-formed ports', driver: { ports: [{ name: 'http', port: 1, protocol: 'TCP' }] }, want: [{ name: 'http', port: 1, protocol: 'TCP' }] },
    { name: 'malformed entries dropped', driver: { ports: [{ name: 'http', port: '1', protocol: 'TCP' }, null, { name: 'x', port: 2, protocol: 'SCTP' }] }, want: [] },
  ];
  for (const tc of cases) it(tc.name, () => assert.deepEqual(portsFromDriverData(tc.driver), tc.want));
});
