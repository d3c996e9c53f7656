// Issue 3: the Wasm example (examples/wasm-hello.yaml, a WASI module run to completion in the
// bubblewrap sandbox) ends Succeeded through the whole pipeline, and is not run again.
import { parseWorkloadYaml } from '@mosaic/api';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PipelineCluster, REPO_ROOT } from './support/pipeline-cluster.js';

describe('pipeline: the Wasm example', function () {
  this.timeout(120_000);
  let cluster: PipelineCluster;
  before(async () => {
    // Built by the wasm-modules project (a dependency of this suite); built here too when run alone.
    if (!existsSync(join(REPO_ROOT, 'examples/wasm/hello.wasm'))) execFileSync('bash', [join(REPO_ROOT, 'tools/wasm/build.sh')], { stdio: 'ignore' });
    cluster = await new PipelineCluster().start();
    await cluster.startAgent('agent-a', { zone: 'a' });
  });
  after(() => cluster?.close());

  it('runs examples/wasm-hello.yaml to completion: Succeeded, never re-run', async () => {
    const file = join(REPO_ROOT, 'examples/wasm-hello.yaml');
    const [doc] = parseWorkloadYaml(readFileSync(file, 'utf8'), file);
    const { namespace, name } = doc!.workload.metadata;
    await cluster.apply(doc!.workload);

    const w = await cluster.until('phase Succeeded', async () => {
      const got = await cluster.get(namespace, name);
      return got?.status?.phase === 'Succeeded' && got;
    }, 60_000);
    assert.equal(w.status!.instances!.length, 1);
    const [instance] = w.status!.instances!;
    assert.equal(instance!.state, 'Succeeded');
    assert.equal(instance!.node, 'agent-a');
    assert.equal(w.status!.conditions!.find((c) => c.type === 'Available')?.reason, 'Completed');

    await sleep(3000); // a few resyncs
    const later = (await cluster.get(namespace, name))!;
    assert.deepEqual(later.status!.instances!.map((i) => [i.id, i.state]), [[instance!.id, 'Succeeded']], 'not run again');
  });
});
