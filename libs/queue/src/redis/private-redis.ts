import { spawn } from 'node:child_process';
import { mkdir, open, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RedisNotInstalledError } from '../errors/redis-not-installed-error.js';
import { RedisStartError } from '../errors/redis-start-error.js';
import { findOnPath, isProcessAlive, isRedisServerIn, signal, waitForExit } from '../internal/processes.js';
import { probeRedis } from '../internal/redis-probe.js';
import type { PrivateRedisOptions } from './private-redis-options.js';
import { unixSocketUrl } from './redis-url.js';

/** A running private Redis. */
export interface PrivateRedis {
  /** Where it listens: `unix:///<dataDir>/redis.sock` or `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** Server process id. */
  readonly pid: number;
  /** The resolved data directory. */
  readonly dataDir: string;
  /** True when a server left running by a previous, killed control plane was adopted. */
  readonly reused: boolean;
  /** SIGTERM (Redis flushes its AOF and exits), wait, SIGKILL after the stop timeout. Idempotent. */
  stop(): Promise<void>;
}

const FILES = {
  config: 'redis.conf',
  pid: 'redis.pid',
  log: 'redis.log',
  stderr: 'redis.stderr.log',
  socket: 'redis.sock',
  state: 'private-redis.json',
} as const;
type Paths = { [K in keyof typeof FILES]: string };

/** sun_path holds 108 bytes on Linux (104 on BSDs); stay clear of both. */
const MAX_SOCKET_PATH_BYTES = 100;
const PROBE_TIMEOUT_MS = 1000;

/** What a started server records next to its data, so the next start can find and adopt it. */
interface RecordedState {
  url: string;
  pid: number;
}

/**
 * Starts the embedded `redis-server` (found on PATH) for one control plane, with its data under
 * `dataDir`: append-only file with `appendfsync everysec`, so queued jobs survive a kill -9 of the
 * control plane (and of Redis itself); `maxmemory-policy noeviction`, which BullMQ requires;
 * reachable only locally (a 0700 unix socket by default, else 127.0.0.1).
 *
 * The server runs in its own process group, so a Ctrl-C aimed at the control plane does not take
 * Redis down while workers are still closing; {@link PrivateRedis.stop} ends it. When the control
 * plane was kill -9'd, the next start on the same `dataDir` finds the old server: if it answers
 * (and is the one configured from this directory) it is adopted as is; if it does not, it is
 * stopped, the stale pid file and socket are removed and a fresh server replays the AOF.
 *
 * @throws RedisNotInstalledError when `redis-server` is not on PATH.
 * @throws RedisStartError when the server exits or does not answer PING within the start timeout.
 */
export async function startPrivateRedis(options: PrivateRedisOptions): Promise<PrivateRedis> {
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const binary = options.redisServerPath ?? (await findOnPath('redis-server'));
  if (!binary) throw new RedisNotInstalledError(process.env['PATH'] ?? '');

  await mkdir(resolve(options.dataDir), { recursive: true, mode: 0o700 });
  const dir = await realpath(resolve(options.dataDir));
  const paths = Object.fromEntries(Object.entries(FILES).map(([k, f]) => [k, join(dir, f)])) as Paths;
  const ctx: Context = { dir, paths, startTimeoutMs, stopTimeoutMs };

  const state = await readState(paths.state);
  if (state && (options.port === undefined || state.url === tcpUrl(options.port))) {
    const adopted = await adopt(ctx, state);
    if (adopted) return adopted;
  }
  await stopStale(ctx, state);
  return launch(ctx, binary, options.port);
}

interface Context {
  dir: string;
  paths: Paths;
  startTimeoutMs: number;
  stopTimeoutMs: number;
}

/** Adopts the server recorded in the state file if it answers and was configured from this dir. */
async function adopt(ctx: Context, state: RecordedState): Promise<PrivateRedis | undefined> {
  const deadline = Date.now() + ctx.startTimeoutMs;
  for (;;) {
    const probe = await probeRedis(state.url, PROBE_TIMEOUT_MS);
    if (probe.state === 'ready') {
      // Another server may have taken the recorded port since: only adopt our own.
      return probe.configFile === ctx.paths.config ? handle(ctx, state.url, probe.pid, true) : undefined;
    }
    if (probe.state === 'down' || Date.now() >= deadline) return undefined;
    await sleep(100); // loading its AOF: a restart would only replay it again
  }
}

/**
 * Stops a server of this directory that did not answer (hung, or still loading past the timeout),
 * then removes its stale pid file, socket and state. A pid that now belongs to another process is
 * left alone: only a `redis-server` whose working directory is this dir is signalled.
 */
async function stopStale(ctx: Context, state: RecordedState | undefined): Promise<void> {
  const pids = new Set<number>();
  const fromPidFile = Number((await readFile(ctx.paths.pid, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(fromPidFile) && fromPidFile > 0) pids.add(fromPidFile);
  if (state) pids.add(state.pid);
  for (const pid of pids) {
    if (await isRedisServerIn(pid, ctx.dir)) await terminate(pid, ctx.stopTimeoutMs);
  }
  await Promise.all([ctx.paths.pid, ctx.paths.socket, ctx.paths.state].map((p) => rm(p, { force: true })));
}

async function launch(ctx: Context, binary: string, port: number | undefined): Promise<PrivateRedis> {
  const { paths } = ctx;
  const useSocket = port === undefined && Buffer.byteLength(paths.socket) <= MAX_SOCKET_PATH_BYTES;
  const tcpPort = useSocket ? 0 : (port ?? (await freeLoopbackPort()));
  const url = useSocket ? unixSocketUrl(paths.socket) : tcpUrl(tcpPort);
  await writeFile(paths.config, renderConfig(ctx.dir, paths, tcpPort, useSocket), { mode: 0o600 });

  // Redis reports config errors on stderr before it opens its logfile: keep them in a file too.
  const stderr = await open(paths.stderr, 'a');
  let exit: string | undefined;
  let pid: number | undefined;
  try {
    await stderr.write(`--- ${new Date().toISOString()} starting ${binary} ${paths.config}\n`);
    const child = spawn(binary, [paths.config], { cwd: ctx.dir, detached: true, stdio: ['ignore', stderr.fd, stderr.fd] });
    child.once('error', (err) => (exit = `could not be spawned: ${err.message}`));
    child.once('exit', (code, sig) => (exit = `exited (${sig ?? `code ${code}`})`));
    child.unref();
    pid = child.pid;
  } finally {
    await stderr.close();
  }

  const deadline = Date.now() + ctx.startTimeoutMs;
  while (pid !== undefined && exit === undefined) {
    const probe = await probeRedis(url, PROBE_TIMEOUT_MS);
    if (probe.state === 'ready') {
      const state: RecordedState = { url, pid };
      await writeFile(paths.state, JSON.stringify(state) + '\n', { mode: 0o600 });
      return handle(ctx, url, pid, false);
    }
    if (Date.now() >= deadline) {
      const last = probe.state === 'loading' ? 'still loading its append-only file' : probe.error;
      exit = `did not answer PING within ${ctx.startTimeoutMs} ms (${last})`;
      break;
    }
    if (!(await isProcessAlive(pid))) break; // the 'exit' event fills in the reason
    await sleep(50);
  }
  if (pid !== undefined) await terminate(pid, 0);
  await sleep(10); // let a pending 'exit' event land
  throw new RedisStartError(`redis-server ${exit ?? 'exited'} (data dir ${ctx.dir})`, await logTail(paths));
}

function handle(ctx: Context, url: string, pid: number, reused: boolean): PrivateRedis {
  let stopping: Promise<void> | undefined;
  return {
    url,
    pid,
    reused,
    dataDir: ctx.dir,
    stop: () =>
      (stopping ??= (async () => {
        if (await isRedisServerIn(pid, ctx.dir)) await terminate(pid, ctx.stopTimeoutMs);
        await rm(ctx.paths.state, { force: true });
      })()),
  };
}

/** SIGTERM, wait up to `graceMs`, then SIGKILL and wait for the process to be gone. */
async function terminate(pid: number, graceMs: number): Promise<void> {
  if (graceMs > 0) {
    signal(pid, 'SIGTERM');
    if (await waitForExit(pid, graceMs)) return;
  }
  signal(pid, 'SIGKILL');
  await waitForExit(pid, 5000);
}

function renderConfig(dir: string, paths: Paths, port: number, useSocket: boolean): string {
  const lines = [
    '# Written by @mosaic/queue on every start of the private Redis; edits are overwritten.',
    'daemonize no',
    'bind 127.0.0.1',
    'protected-mode yes',
    `port ${port}`,
    ...(useSocket ? [`unixsocket ${quote(paths.socket)}`, 'unixsocketperm 700'] : []),
    `dir ${quote(dir)}`,
    `pidfile ${quote(paths.pid)}`,
    `logfile ${quote(paths.log)}`,
    // Durability comes from the AOF (at most ~1 s of writes lost on a machine crash, none on a
    // process kill); RDB snapshots would only add fork pauses.
    'appendonly yes',
    'appendfsync everysec',
    'save ""',
    // BullMQ keeps jobs as plain keys: evicting any of them corrupts a queue.
    'maxmemory-policy noeviction',
  ];
  return lines.join('\n') + '\n';
}

function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function tcpUrl(port: number): string {
  return `redis://127.0.0.1:${port}`;
}

async function readState(path: string): Promise<RecordedState | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<RecordedState>;
    return typeof parsed.url === 'string' && typeof parsed.pid === 'number' ? { url: parsed.url, pid: parsed.pid } : undefined;
  } catch {
    return undefined;
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The last lines of the server log and of its captured stderr. */
async function logTail(paths: Paths, lines = 20): Promise<string> {
  const parts: string[] = [];
  for (const path of [paths.log, paths.stderr]) {
    const text = await readFile(path, 'utf8').catch(() => '');
    const tail = text.trimEnd().split('\n').slice(-lines).join('\n');
    if (tail) parts.push(`[${path}]\n${tail}`);
  }
  return parts.join('\n');
}
