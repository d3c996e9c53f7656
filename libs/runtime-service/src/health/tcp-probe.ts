import { connect } from 'node:net';
import type { ProbeResult } from '@mosaic/runtime-process';

/** Healthy when a TCP connection to `host:port` opens. */
export function tcpProbe(host: string, port: number, signal: AbortSignal): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: ProbeResult) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = () => done({ ok: false, detail: `connect ${host}:${port}: timed out` });
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => done({ ok: true, detail: `connected to ${host}:${port}` }));
    socket.once('error', (err) => done({ ok: false, detail: `connect ${host}:${port}: ${err.message}` }));
  });
}
