import { InvalidArgumentError } from '@mosaic/api';

/** A parsed `HOST:PORT`; `host` is without IPv6 brackets. */
export interface ListenAddress {
  host: string;
  port: number;
}

/**
 * Parses `HOST:PORT` or `[IPV6]:PORT`. The host is required: binding every interface must be
 * asked for explicitly (`0.0.0.0:7070`), since the API has no authentication yet.
 * @throws InvalidArgumentError naming `path` (the flag, variable or key it came from).
 */
export function parseListenAddress(value: string, path = 'listen'): ListenAddress {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(value.trim());
  const port = Number(match?.[3]);
  const host = match?.[1] ?? match?.[2];
  if (!match || !host || port > 65535) {
    throw new InvalidArgumentError(`invalid listen address "${value}"`, [
      { path, message: 'must be HOST:PORT (e.g. 127.0.0.1:7070, [::1]:7070, 0.0.0.0:7070); port 0 picks a free port' },
    ]);
  }
  return { host, port };
}

/** `host:port`, bracketing IPv6 hosts so the result is dialable as is. */
export function formatListenAddress({ host, port }: ListenAddress): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
