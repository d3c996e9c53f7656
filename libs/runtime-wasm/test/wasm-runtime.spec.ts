import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRuntime, InstanceReason, RuntimeUnavailableError, type InstanceHandle, type InstanceRecord } from '@mosaic/runtime';
import { SandboxUnavailableError, setup, WasmRuntime } from '../src/index.js';
import { descendants, instanceOf, isAlive, readAll, scratch, until, untilState } from './helpers.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '../../..');
const fixture = (name: string) => resolve(here, 'fixtures/build', `${name}.wasm`);
const hello = resolve(repo, 'examples/wasm/hello.wasm');
const driverHost = resolve(here, 'fixtures/driver-host.ts');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A wasm section with the schema's defaults filled in. */
function wasmSection(section: Record<string, unknown>): Record<string, unknown> {
  const wasi = (section['wasi'] ?? {}) as Record<string, unknown>;
  const preopens = (wasi['preopens'] ?? []) as Record<string, unknown>[];
  return {
    export: '_start',
    restartPolicy: 'Never',
    ...section,
    wasi: { network: false, ...wasi, preopens: preopens.map((p) => ({ readOnly: false, ...p })) },
    limits: { memoryPages: 256, ...(section['limits'] as object | undefined) },
  };
}

describe('wasm runtime (real bubblewrap, real WASI modules)', function () {
  this.timeout(30_000);
  let area: ReturnType<typeof scratch>;
  const handles: InstanceHandle[] = [];
  const runtime = new WasmRuntime({ supervision: { backoff: { initialMs: 100 }, exitPollMs: 50 } });

  before(function () {
    this.timeout(120_000);
    // A fresh clone has no modules yet: build them (a no-op when up to date).
    execFileSync('bash', [resolve(repo, 'tools/wasm/build.sh')], { stdio: 'inherit' });
  });

  beforeEach(() => (area = scratch()));
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.stop(200)));
    area.cleanup();
  });

  async function run(section: Record<string, unknown>, rt = runtime) {
    const instance = instanceOf('wasm', wasmSection(section));
    const handle = await rt.start(instance, area.ctx(instance.id));
    handles.push(handle);
    return handle;
  }

  /** Runs to completion and returns the handle and everything the module printed. */
  async function runToEnd(section: Record<string, unknown>, rt = runtime) {
    const handle = await run(section, rt);
    await until(() => handle.state === 'Succeeded' || handle.state === 'Failed', 15_000, 'the module to finish');
    return { handle, output: await readAll(handle.logs.read()) };
  }

  /** A host layout: work/secret.txt next to the preopened work/data. */
  function hostFiles() {
    const work = join(area.root, 'work');
    const secret = join(work, 'secret.txt');
    const data = join(work, 'data');
    mkdirSync(data);
    writeFileSync(secret, 'top secret\n');
    writeFileSync(join(data, 'inside.txt'), 'inside\n');
    const before = statSync(secret);
    const untouched = () => {
      const after = statSync(secret);
      assert.equal(readFileSync(secret, 'utf8'), 'top secret\n');
      assert.equal(after.mtimeMs, before.mtimeMs);
      assert.equal(after.size, before.size);
    };
    return { work, secret, data, untouched };
  }

  it('probes bubblewrap and registers itself with setup()', async () => {
    const rt = setup();
    assert.equal(getRuntime('wasm'), rt);
    const availability = await rt.probe();
    assert.equal(availability.available, true);
    assert.equal(availability.details?.['sandbox'], 'bubblewrap');
  });

  it('runs a module with a correct sha256 to completion: output in its log, Succeeded, exit code 0', async () => {
    const { handle, output } = await runToEnd({
      module: { path: hello, sha256: sha256(hello) },
      args: ['hello.wasm', '/data/greeting.txt'],
      wasi: { env: { WHO: 'mosaic' }, preopens: [{ host: resolve(repo, 'examples/wasm/data'), guest: '/data', readOnly: true }] },
      limits: { memoryPages: 64, timeoutSeconds: 10 },
    });
    assert.equal(handle.state, 'Succeeded');
    assert.equal(handle.exitCode, 0);
    assert.equal(handle.reason, InstanceReason.Completed);
    assert.equal(output, `hello, mosaic\n${readFileSync(resolve(repo, 'examples/wasm/data/greeting.txt'), 'utf8')}`);
    assert.equal(handle.record().driver?.['sha256'], sha256(hello));
  });

  it('resolves a relative module path and preopens against the base dir', async () => {
    const { data } = hostFiles();
    writeFileSync(join(area.root, 'work', 'm.wasm'), readFileSync(fixture('fsprobe')));
    const { handle, output } = await runToEnd({ module: { path: 'm.wasm' }, args: ['fsprobe', 'read:/d/inside.txt'], wasi: { preopens: [{ host: 'data', guest: '/d' }] } });
    assert.equal(handle.state, 'Succeeded', output);
    assert.match(output, /OK read \/d\/inside.txt: inside/);
    assert.ok(existsSync(data));
  });

  it('refuses to run a module whose sha256 does not match: Failed, nothing executed', async () => {
    const { handle, output } = await runToEnd({ module: { path: hello, sha256: 'a'.repeat(64) }, args: ['hello.wasm'] });
    assert.equal(handle.state, 'Failed');
    assert.equal(handle.reason, InstanceReason.ChecksumMismatch);
    assert.match(handle.message ?? '', new RegExp(`has sha256 ${sha256(hello)}, but the spec requires a{64}; refusing to run it`));
    assert.equal(handle.record().process, undefined, 'no process was started');
    assert.equal(handle.exitCode, undefined);
    assert.equal(output, '');
  });

  it('shows the module exactly its declared args and env', async () => {
    const { output } = await runToEnd({ module: { path: fixture('fsprobe') }, args: ['probe', 'args', 'env'], wasi: { env: { ONLY: 'this', AND: 'that' } } });
    assert.deepEqual(output.trim().split('\n'), ['ARG probe', 'ARG args', 'ARG env', 'ENV ONLY=this', 'ENV AND=that']);
  });

  it('cannot reach a host file outside its preopens by ../ or absolute paths; the file is untouched', async () => {
    const { data, secret, untouched } = hostFiles();
    const { handle, output } = await runToEnd({
      module: { path: fixture('fsprobe') },
      args: ['fsprobe', 'read:/data/inside.txt', 'read:/data/../secret.txt', 'read:../secret.txt', `read:${secret}`,
        'write:/data/../secret.txt', 'read:/etc/passwd', 'read:/proc/self/environ', 'ls:/data/..'],
      wasi: { preopens: [{ host: data, guest: '/data' }] },
    });
    assert.match(output, /^OK read \/data\/inside.txt: inside$/m);
    assert.equal(output.match(/^DENIED /gm)?.length, 7, output);
    assert.doesNotMatch(output, /top secret/);
    assert.equal(handle.exitCode, 7, 'one failure per escape attempt');
    untouched();
  });

  it('cannot follow a symlink planted inside the preopen to the outside (host-planted or module-made)', async () => {
    const { data, secret, untouched } = hostFiles();
    symlinkSync(secret, join(data, 'abs-link'));
    symlinkSync('../secret.txt', join(data, 'rel-link'));
    const { output } = await runToEnd({
      module: { path: fixture('fsprobe') },
      args: ['fsprobe', 'read:/data/abs-link', 'read:/data/rel-link', 'write:/data/abs-link', `symlink:${secret}:/data/evil-abs`, 'symlink:../secret.txt:/data/evil-rel'],
      wasi: { preopens: [{ host: data, guest: '/data' }] },
    });
    assert.doesNotMatch(output, /top secret/, output);
    assert.doesNotMatch(output, /^OK (read|write) /m, output);
    for (const op of ['read /data/abs-link', 'read /data/rel-link', 'write /data/abs-link']) assert.match(output, new RegExp(`^DENIED ${op} `, 'm'));
    untouched();
  });

  it('cannot write into a read-only preopen, but can into a writable one', async () => {
    const { data } = hostFiles();
    const out = join(area.root, 'work', 'out');
    mkdirSync(out);
    const { output } = await runToEnd({
      module: { path: fixture('fsprobe') },
      args: ['fsprobe', 'write:/ro/new.txt', 'write:/ro/inside.txt', 'read:/ro/inside.txt', 'write:/rw/new.txt'],
      wasi: { preopens: [{ host: data, guest: '/ro', readOnly: true }, { host: out, guest: '/rw' }] },
    });
    assert.match(output, /^DENIED write \/ro\/new.txt \(Read-only file system\)$/m);
    assert.match(output, /^DENIED write \/ro\/inside.txt /m);
    assert.match(output, /^OK read \/ro\/inside.txt: inside$/m);
    assert.match(output, /^OK write \/rw\/new.txt$/m);
    assert.ok(!existsSync(join(data, 'new.txt')));
    assert.equal(readFileSync(join(data, 'inside.txt'), 'utf8'), 'inside\n');
    assert.equal(readFileSync(join(out, 'new.txt'), 'utf8'), 'written by fsprobe\n');
  });

  it('kills an infinite loop at its timeout: Failed, DeadlineExceeded, sandbox gone', async () => {
    const t0 = Date.now();
    const handle = await run({ module: { path: fixture('loop') }, limits: { timeoutSeconds: 1 } });
    const pid = handle.pid!;
    await until(() => descendants(pid).length >= 2, 5000, 'the sandbox to start');
    const sandbox = descendants(pid);
    await untilState(handle, 'Failed', 10_000);
    const took = Date.now() - t0;
    assert.ok(took >= 1000 && took < 4000, `ended after ${took} ms`);
    assert.equal(handle.reason, InstanceReason.DeadlineExceeded);
    assert.match(handle.message ?? '', /exceeded its deadline of 1s; process group killed/);
    await until(() => sandbox.every((p) => !isAlive(p)), 3000, 'every sandboxed process to be gone');
  });

  it('stops a module over its memory limit inside the module: exit 3 with a message, host unharmed', async () => {
    const { handle, output } = await runToEnd({ module: { path: fixture('hog') }, limits: { memoryPages: 32 } });
    assert.equal(handle.state, 'Failed');
    assert.equal(handle.exitCode, 3);
    assert.equal(handle.reason, InstanceReason.Error);
    const kib = Number(/allocated (\d+) KiB/.exec(output)?.[1]);
    assert.ok(kib > 0 && kib <= 32 * 64, `got ${kib} KiB with a 2048 KiB cap`);
    assert.match(handle.message ?? '', /exited with code 3: out of memory after \d+ KiB/);
  });

  it('caps an imported memory too', async () => {
    const { handle } = await runToEnd({ module: { path: fixture('grow') }, limits: { memoryPages: 8 } });
    assert.equal(handle.exitCode, 7, 'grew from 1 to 8 pages, then memory.grow failed');
  });

  it('refuses a module that starts with more memory than the limit', async () => {
    const { handle, output } = await runToEnd({ module: { path: hello }, limits: { memoryPages: 1 } });
    assert.equal(handle.state, 'Failed');
    assert.equal(handle.reason, InstanceReason.MemoryLimitExceeded);
    assert.match(handle.message ?? '', /starts with \d+ pages .* more than limits.memoryPages 1/);
    assert.equal(output, '');
  });

  it('refuses a file that is not a WebAssembly module', async () => {
    const junk = join(area.root, 'work', 'junk.wasm');
    writeFileSync(junk, 'not wasm');
    const { handle } = await runToEnd({ module: { path: junk } });
    assert.equal(handle.reason, InstanceReason.InvalidModule);
  });

  it('calls a named export of a reactor module after _initialize; its result is the exit code', async () => {
    const { handle } = await runToEnd({ module: { path: fixture('reactor') }, export: 'run' });
    assert.equal(handle.exitCode, 5);
    const { handle: missing, output } = await runToEnd({ module: { path: fixture('reactor') }, export: 'nope' });
    assert.equal(missing.exitCode, 70);
    assert.match(output, /mosaic-wasi: the module exports no function "nope"/);
  });

  it('restartPolicy OnFailure supervises a failing module like a service', async () => {
    const handle = await run({ module: { path: fixture('fsprobe') }, args: ['fsprobe', 'read:/nope'], restartPolicy: 'OnFailure' });
    await until(() => handle.restarts >= 2, 10_000, 'two restarts');
    assert.match(handle.message ?? '', /exited with code 1: DENIED read \/nope/);
  });

  describe('without bubblewrap', () => {
    it('probe() reports the runtime unavailable and start() refuses with a typed error', async () => {
      const rt = new WasmRuntime({ searchPath: '/nonexistent' });
      const availability = await rt.probe();
      assert.equal(availability.available, false);
      assert.equal(availability.reason, 'SandboxUnavailable');
      assert.match(availability.message ?? '', /bubblewrap \(bwrap\) was not found on PATH/);
      const instance = instanceOf('wasm', wasmSection({ module: { path: hello } }));
      await assert.rejects(rt.start(instance, area.ctx(instance.id)), (err: unknown) => {
        assert.ok(err instanceof SandboxUnavailableError && err instanceof RuntimeUnavailableError);
        assert.equal(err.code, 'FAILED_PRECONDITION');
        assert.equal(err.reason, 'SandboxUnavailable');
        return true;
      });
      assert.ok(!existsSync(join(area.root, 'logs')), 'nothing was started');
    });

    it('runs unsandboxed only when explicitly allowed, and says so', async () => {
      const rt = new WasmRuntime({ searchPath: '/nonexistent', allowUnsandboxed: true });
      const availability = await rt.probe();
      assert.equal(availability.available, true);
      assert.equal(availability.reason, 'Unsandboxed');
      const { handle, output } = await runToEnd({ module: { path: hello }, wasi: { env: { WHO: 'trusted' } } }, rt);
      assert.equal(handle.state, 'Succeeded');
      assert.equal(output, 'hello, trusted\n');
      assert.equal(handle.record().driver?.['sandbox'], 'none');
    });
  });

  describe('surviving the agent', () => {
    it('keeps running after kill -9 of the process that started it; the adopter enforces the deadline', async () => {
      const instance = instanceOf('wasm', wasmSection({ module: { path: fixture('loop') }, limits: { timeoutSeconds: 4 } }));
      const ctx = area.ctx(instance.id);
      const recordFile = join(area.root, 'record.json');
      const host = spawn(process.execPath, ['--import', 'tsx', driverHost, JSON.stringify({ instance, ctx, recordFile })], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      host.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await until(() => out.includes('READY') || host.exitCode !== null, 15_000, 'the driver host to report READY');
      const saved = JSON.parse(readFileSync(recordFile, 'utf8')) as InstanceRecord;
      const pid = saved.process!.pid;
      await until(() => descendants(pid).length >= 2, 5000, 'the sandbox to start');
      const sandbox = descendants(pid);

      host.kill('SIGKILL');
      await once(host, 'exit');
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(isAlive(pid) && sandbox.every(isAlive), 'the module outlived its agent');

      const adopted = await new WasmRuntime({ supervision: { exitPollMs: 50 } }).adopt(saved, ctx);
      assert.ok(adopted);
      handles.push(adopted);
      assert.equal(adopted.state, 'Running');
      assert.equal(adopted.pid, pid);
      await untilState(adopted, 'Failed', 10_000);
      assert.equal(adopted.reason, InstanceReason.DeadlineExceeded);
      await until(() => sandbox.every((p) => !isAlive(p)), 3000, 'every sandboxed process to be gone');
    });
  });
});
