import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import { startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';
import { uniqueNamespace } from './support/workloads.js';

const run = promisify(execFile);

/** grpcurl from the Mosaic tool cache (tools/grpc/install-grpcurl.sh puts it there) or PATH. */
function findGrpcurl(): string {
  const cache = join(process.env['MOSAIC_CACHE_DIR'] || join(homedir(), '.cache', 'mosaic'), 'bin');
  for (const dir of [cache, ...(process.env['PATH'] ?? '').split(delimiter)]) {
    const candidate = join(dir, 'grpcurl');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(`grpcurl is not installed (looked in ${cache} and PATH); run tools/grpc/install-grpcurl.sh (tools/setup.sh --tests does)`);
}

// What an operator does without any .proto file: everything comes from server reflection.
describe('grpcurl against the server (reflection, no .proto files)', function () {
  this.timeout(20000);
  let cp: TestControlPlane;
  let grpcurl: string;
  before(async () => {
    grpcurl = findGrpcurl();
    cp = await startTestControlPlane();
  });
  after(async () => cp?.close());

  const grpcurlRun = (...args: string[]) => run(grpcurl, ['-plaintext', ...args], { timeout: 10000 });

  it('lists the services', async () => {
    const { stdout } = await grpcurlRun(cp.controlPlane.address, 'list');
    assert.deepEqual(stdout.trim().split('\n').sort(), [
      'grpc.health.v1.Health',
      'grpc.reflection.v1.ServerReflection',
      'grpc.reflection.v1alpha.ServerReflection',
      'mosaic.v1.AgentService',
      'mosaic.v1.FunctionService',
      'mosaic.v1.LogService',
      'mosaic.v1.NodeService',
      'mosaic.v1.RolloutService',
      'mosaic.v1.WorkloadService',
    ]);
  });

  it('describes messages with map fields', async () => {
    const { stdout } = await grpcurlRun(cp.controlPlane.address, 'describe', 'mosaic.v1.ObjectMeta');
    assert.match(stdout, /map<string, string> labels = 3;/);
    assert.match(stdout, /string resource_version = 6;/);
  });

  it('applies and lists workloads', async () => {
    const ns = uniqueNamespace('curl');
    const workload = {
      api_version: 'mosaic.dev/v1',
      kind: 'Workload',
      metadata: { name: 'web', namespace: ns, labels: { app: 'web' } },
      spec: { runtime: 'service', service: { command: ['node', 'server.js'] } },
    };
    const applied = await grpcurlRun('-d', JSON.stringify({ workload }), cp.controlPlane.address, 'mosaic.v1.WorkloadService/Apply');
    assert.equal((JSON.parse(applied.stdout) as { result: string }).result, 'created');

    const { stdout } = await grpcurlRun('-d', JSON.stringify({ namespace: ns }), cp.controlPlane.address, 'mosaic.v1.WorkloadService/List');
    const list = JSON.parse(stdout) as { items: { metadata: { name: string; labels: Record<string, string> } }[]; resource_version: string };
    assert.deepEqual(list.items.map((w) => [w.metadata.name, w.metadata.labels]), [['web', { app: 'web' }]]);
    assert.match(list.resource_version, /^\d+$/);
  });

  it('shows error statuses', async () => {
    const err = await grpcurlRun('-d', JSON.stringify({ namespace: 'nowhere', name: 'ghost' }), cp.controlPlane.address, 'mosaic.v1.WorkloadService/Get').then(
      () => assert.fail('Get of a missing workload should fail'),
      (e: { stdout: string; stderr: string }) => e.stdout + e.stderr,
    );
    assert.match(err, /Code: NotFound/);
    assert.match(err, /workload "nowhere\/ghost" not found/);
  });

  it('checks health', async () => {
    const { stdout } = await grpcurlRun('-d', JSON.stringify({ service: 'mosaic.v1.WorkloadService' }), cp.controlPlane.address, 'grpc.health.v1.Health/Check');
    assert.equal((JSON.parse(stdout) as { status: string }).status, 'SERVING');
  });
});
