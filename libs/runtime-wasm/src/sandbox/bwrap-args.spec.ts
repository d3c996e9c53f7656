import { strict as assert } from 'node:assert';
import { buildBwrapArgs, type SandboxPlan } from './bwrap-args.js';

const plan: SandboxPlan = {
  hostLayout: [{ path: '/lib', symlinkTo: 'usr/lib' }, { path: '/lib64', symlinkTo: 'usr/lib64' }],
  node: '/usr/bin/node',
  nodeArgs: ['--disable-warning=ExperimentalWarning'],
  runner: '/opt/mosaic/runner.mjs',
  module: '/var/i/module.wasm',
  config: '/var/i/config.json',
  preopens: [{ host: '/srv/data', readOnly: true }, { host: '/srv/out', readOnly: false }],
  network: false,
};

/** The values following each occurrence of a flag, e.g. pairs of `--bind SRC DEST`. */
function after(args: string[], flag: string, n: number): string[][] {
  return args.flatMap((a, i) => (a === flag ? [args.slice(i + 1, i + 1 + n)] : []));
}

describe('buildBwrapArgs', () => {
  const args = buildBwrapArgs(plan);

  it('unshares every namespace, new session, dies with its bwrap parent, drops capabilities', () => {
    for (const flag of ['--unshare-all', '--new-session', '--die-with-parent', '--clearenv']) assert.ok(args.includes(flag), flag);
    assert.deepEqual(after(args, '--cap-drop', 1), [['ALL']]);
    assert.ok(!args.includes('--share-net'));
  });

  it('shares the network only when declared', () => {
    assert.ok(buildBwrapArgs({ ...plan, network: true }).includes('--share-net'));
  });

  it('mounts only /usr, the loader paths and the run files read-only, and each preopen as declared', () => {
    assert.deepEqual(after(args, '--ro-bind', 2), [
      ['/usr', '/usr'],
      ['/opt/mosaic/runner.mjs', '/mosaic/runner.mjs'],
      ['/var/i/module.wasm', '/mosaic/module.wasm'],
      ['/var/i/config.json', '/mosaic/config.json'],
      ['/srv/data', '/mosaic/preopen/0'],
    ]);
    assert.deepEqual(after(args, '--bind', 2), [['/srv/out', '/mosaic/preopen/1']]);
    assert.deepEqual(after(args, '--symlink', 2), [['usr/lib', '/lib'], ['usr/lib64', '/lib64']]);
    assert.deepEqual(after(args, '--tmpfs', 1), [['/tmp']]);
  });

  it('binds a node binary that lives outside /usr', () => {
    assert.deepEqual(after(buildBwrapArgs({ ...plan, node: '/opt/node/bin/node' }), '--ro-bind', 2)[1], ['/opt/node/bin/node', '/opt/node/bin/node']);
  });

  it('runs node on the runner and its config after --', () => {
    assert.deepEqual(args.slice(args.indexOf('--')), ['--', '/usr/bin/node', '--disable-warning=ExperimentalWarning', '/mosaic/runner.mjs', '/mosaic/config.json']);
  });
});
