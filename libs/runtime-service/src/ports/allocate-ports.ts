import { createSocket } from 'node:dgram';
import { createServer, type AddressInfo } from 'node:net';
import { isStaticPort, type ResolvedPort, type ServiceSpec } from '@mosaic/api';

type PortSpec = NonNullable<ServiceSpec['ports']>[number];

/** A socket bound to an ephemeral port, held until every port of the instance is picked. */
interface Reservation {
  port: number;
  release(): Promise<void>;
}

function reserveTcp(host: string): Promise<Reservation> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const { port } = server.address() as AddressInfo;
      resolve({ port, release: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

function reserveUdp(host: string): Promise<Reservation> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind({ address: host, port: 0, exclusive: true }, () => {
      const { port } = socket.address();
      resolve({ port, release: () => new Promise((done) => socket.close(() => done())) });
    });
  });
}

/**
 * The host ports of one instance, Nomad-style: a static port as the spec asks, a dynamic port
 * (no `port`) picked by binding `host:0` and letting the kernel choose a free ephemeral port.
 * All sockets stay open until every port is chosen (so two dynamic ports of one instance never
 * get the same number), then they are closed and the numbers handed to the process.
 *
 * The race: between our close and the service's own bind, another process may take the port.
 * The window is milliseconds and the kernel hands out ephemeral ports round-robin, so it is
 * rare; when it happens the service fails to bind, exits, and is restarted on the same port
 * — it is not re-picked, so a persistent clash shows up as a CrashLoop, not a silent move.
 *
 * `previous` (from the instance record) wins for dynamic ports, so an instance keeps its ports
 * for life: across restarts and across agent restarts (adoption).
 */
export async function allocatePorts(
  ports: readonly PortSpec[] | undefined,
  previous: readonly ResolvedPort[] = [],
  host = '127.0.0.1',
): Promise<ResolvedPort[]> {
  const reservations: Reservation[] = [];
  try {
    const resolved: ResolvedPort[] = [];
    for (const p of ports ?? []) {
      if (isStaticPort(p)) {
        resolved.push({ name: p.name, port: p.port, protocol: p.protocol });
        continue;
      }
      const kept = previous.find((q) => q.name === p.name && q.protocol === p.protocol);
      if (kept) {
        resolved.push({ name: p.name, port: kept.port, protocol: p.protocol });
        continue;
      }
      const reservation = await (p.protocol === 'UDP' ? reserveUdp(host) : reserveTcp(host));
      reservations.push(reservation);
      resolved.push({ name: p.name, port: reservation.port, protocol: p.protocol });
    }
    return resolved;
  } finally {
    await Promise.all(reservations.map((r) => r.release()));
  }
}

/** The ports a record's driver data holds, or `[]` when it holds none (or something else). */
export function portsFromDriverData(driver: Record<string, unknown> | undefined): ResolvedPort[] {
  const ports = driver?.['ports'];
  if (!Array.isArray(ports)) return [];
  return ports.filter(
    (p): p is ResolvedPort =>
      typeof p === 'object' && p !== null &&
      typeof (p as ResolvedPort).name === 'string' && Number.isInteger((p as ResolvedPort).port) &&
      ((p as ResolvedPort).protocol === 'TCP' || (p as ResolvedPort).protocol === 'UDP'),
  );
}
