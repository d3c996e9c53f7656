import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRuntime, RuntimeUnavailableError } from '@mosaic/runtime';
import { EbpfRuntime, setup } from '../src/index.js';
import { ebpfInstance, openatAttach, openatScript, prepareHost, scratch } from './helpers.js';

describe('ebpf runtime: probe()', function () {
  this.timeout(60_000);
  before(function () {
    this.timeout(180_000);
    prepareHost();
  });

  it('is available as root with allowBpf, and reports kernel and BTF', async () => {
    const a = await new EbpfRuntime({ allowBpf: true }).probe();
    assert.equal(a.available, true, a.message);
    assert.match(a.details?.['kernel'] ?? '', /^\d+\.\d+/);
    assert.equal(a.details?.['btf'], 'true');
    assert.equal(a.details?.['canLoadBpf'], 'true');
    assert.equal(a.details?.['programs'], 'bpftrace,object');
  });

  it('is unavailable without allowBpf (the default), and start() refuses', async () => {
    const rt = new EbpfRuntime();
    const a = await rt.probe();
    assert.equal(a.available, false);
    assert.equal(a.reason, 'BpfNotAllowed');
    assert.match(a.message ?? '', /allowBpf/);
    assert.ok(a.details?.['kernel']);
    const area = scratch();
    try {
      const instance = ebpfInstance({ program: { bpftrace: openatScript }, attach: openatAttach });
      await assert.rejects(rt.start(instance, area.ctx(instance.id)), (err: unknown) => err instanceof RuntimeUnavailableError && err.reason === 'BpfNotAllowed');
    } finally {
      area.cleanup();
    }
  });

  it('is unavailable when bpftrace is not on the PATH', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'mosaic-path-'));
    try {
      // bpftool is there, bpftrace is not.
      symlinkSync('/usr/sbin/bpftool', join(bin, 'bpftool'));
      const a = await new EbpfRuntime({ allowBpf: true, searchPath: bin }).probe();
      assert.equal(a.available, false);
      assert.equal(a.reason, 'BpftraceNotFound');
      const none = await new EbpfRuntime({ allowBpf: true, searchPath: '/nonexistent' }).probe();
      assert.equal(none.reason, 'BpftraceNotFound');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('is unavailable without bpffs at the configured mount, and degraded without the loader', async () => {
    const notBpffs = await new EbpfRuntime({ allowBpf: true, bpffsRoot: tmpdir() }).probe();
    assert.equal(notBpffs.reason, 'BpffsNotMounted');
    const noLoader = await new EbpfRuntime({ allowBpf: true, loaderPath: '/nonexistent/loader' }).probe();
    assert.equal(noLoader.available, true);
    assert.equal(noLoader.reason, 'ObjectLoaderMissing');
  });

  it('setup() registers the driver as runtime ebpf', () => {
    const rt = setup({ allowBpf: true });
    assert.equal(getRuntime('ebpf'), rt);
  });
});
