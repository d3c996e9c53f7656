import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startPrivateRedis, type PrivateRedis } from '../../src/index.js';

/**
 * One private Redis per suite, in a temp dir, stopped and deleted afterwards. Register inside a
 * `describe`; read `redis.url` in tests.
 */
export function usePrivateRedis(): { readonly url: string; readonly dataDir: string } {
  let redis: PrivateRedis | undefined;
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mosaic-queue-'));
    redis = await startPrivateRedis({ dataDir: join(dir, 'redis') });
  });
  after(async () => {
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get url() {
      if (!redis) throw new Error('private redis not started yet');
      return redis.url;
    },
    get dataDir() {
      return join(dir, 'redis');
    },
  };
}

let counter = 0;
/** A queue name no other test (or test run) uses. */
export function uniqueName(label: string): string {
  return `${label}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Polls `predicate` every 20 ms until it holds or `timeoutMs` passes. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** A promise with its resolve handle, to hold a processor mid-job. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** A TypeScript fixture running as its own `node --import tsx` process, read line by line as JSON. */
export interface Fixture {
  readonly child: ChildProcess;
  /** Next JSON line printed on stdout. */
  next<T>(timeoutMs?: number): Promise<T>;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
}

export function spawnFixture(name: string, args: string[]): Fixture {
  const child = spawn(process.execPath, ['--import', 'tsx', join(fixturesDir, name), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    async next<T>(timeoutMs = 15_000): Promise<T> {
      const line =
        lines.shift() ??
        (await Promise.race([
          new Promise<string>((resolve) => waiters.push(resolve)),
          exited.then(() => Promise.reject(new Error(`fixture ${name} exited`))),
          sleep(timeoutMs).then(() => Promise.reject(new Error(`fixture ${name}: no output in ${timeoutMs} ms`))),
        ]));
      return JSON.parse(line) as T;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Things to close after each test, last opened first. Register inside a `describe`. */
export function useCleanup(): (close: () => Promise<unknown>) => void {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  return (close) => closers.push(close);
}

/** Wraps synchronous test bookkeeping as a processor (processors return promises). */
export function recording<A>(record: (arg: A) => void): (arg: A) => Promise<void> {
  return (arg) => {
    record(arg);
    return Promise.resolve();
  };
}
