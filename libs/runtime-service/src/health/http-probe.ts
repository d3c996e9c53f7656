import { request } from 'node:http';
import type { ProbeResult } from '@mosaic/runtime-process';

/** GET `http://host:port/path`; 2xx and 3xx are healthy (redirects are not followed). */
export function httpProbe(host: string, port: number, path: string, signal: AbortSignal): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, method: 'GET', signal, agent: false, headers: { 'user-agent': 'mosaic-health/1' } }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      resolve({ ok: status >= 200 && status < 400, detail: `HTTP ${status} from GET ${path}` });
    });
    req.on('error', (err) => resolve({ ok: false, detail: `GET http://${host}:${port}${path}: ${err.message}` }));
    req.end();
  });
}
