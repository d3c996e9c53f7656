import { createServer, type Server } from 'node:net';

/**
 * Reserves `count` distinct free TCP ports on 127.0.0.1. All listeners stay open
 * until every port is chosen, so the kernel cannot hand out the same one twice.
 */
export async function freeLoopbackPorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      ports.push(await new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
          const address = server.address();
          if (address === null || typeof address === 'string') reject(new Error('no port assigned'));
          else resolve(address.port);
        });
      }));
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}
