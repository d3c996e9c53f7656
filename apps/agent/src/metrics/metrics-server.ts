import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidArgumentError } from '@mosaic/api';

/** `host:port` (IPv6 in brackets) as the agent's `--metrics-listen` takes it. */
export function parseMetricsListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new InvalidArgumentError('invalid agent options', [{ path: 'metricsListen', message: `"${text}" is not host:port (port 0 picks a free one)` }]);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

/**
 * The agent's Prometheus endpoint: `GET /metrics` answers `render()` as text exposition 0.0.4;
 * anything else is 404. Rendering reads the drivers' latest snapshots and never blocks on the
 * kernel, so a scrape costs a string build.
 */
export class MetricsServer {
  private constructor(
    private readonly server: Server,
    /** `host:port` the server is bound to (the real port when 0 was asked for). */
    readonly address: string,
  ) {}

  static async listen(listen: string, render: () => string): Promise<MetricsServer> {
    const { host, port } = parseMetricsListen(listen);
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      if (path !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found; try /metrics\n');
        return;
      }
      let body: string;
      try {
        body = render();
      } catch (err) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`${(err as Error).message}\n`);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : body);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const bound = server.address() as AddressInfo;
    const shown = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
    return new MetricsServer(server, `${shown}:${bound.port}`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
