// Issue 7 for eBPF probes (root, real kernel, two real agents with --allow-bpf): a weight is a
// share of the matching nodes, taken in the order `nodeOrderLabel` steers — the env=pre node
// first (although its name sorts last), then the rest; a probe that fails to load on the canary
// node halts the rollout there while every node keeps a running probe.
import type { InstanceStatus } from '@mosaic/api';
import type { pb } from '@mosaic/proto';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PipelineCluster, REPO_ROOT } from '../pipeline/support/pipeline-cluster.js';
import { getRollout, rolloutClient, rpc, type RolloutClient } from './rollout-client.js';

const CLI_BIN = join(REPO_ROOT, 'apps/cli/dist/main.js');
const OPENAT = { type: 'tracepoint', target: 'syscalls:sys_enter_openat' };

function probe(ns: string, name: string, script: string, rollout: object): pb.Workload {
  return {
    apiVersion: 'mosaic.dev/v1',
    kind: 'Workload',
    metadata: { name, namespace: ns },
    spec: {
      runtime: 'ebpf',
      placement: { mode: 'everyNode' },
      ebpf: { privileged: true, attach: OPENAT, limits: { maxMapEntries: 1024 }, program: { bpftrace: script } },
      rollout: rollout,
    },
  };
}

const counting = (comm: string) => `tracepoint:syscalls:sys_enter_openat /comm == "${comm}"/ { @opens[comm] = count(); }\n`;

describe('rollouts: a probe canary over nodes (root, real kernel, two agents)', function () {
  this.timeout(240_000);
  const ns = `probe-canary-${process.pid}`;
  let cluster: PipelineCluster;
  let rollouts: RolloutClient;
  before(async () => {
    assert.equal(process.getuid?.(), 0, 'the eBPF rollout suite runs as root');
    cluster = await new PipelineCluster().start();
    // `probe-z` sorts last by name: only the label can put it first.
    await Promise.all([
      cluster.startAgent('probe-a', { env: 'prod' }, {}, ['--allow-bpf']),
      cluster.startAgent('probe-z', { env: 'pre' }, {}, ['--allow-bpf']),
    ]);
    rollouts = rolloutClient(cluster.address);
  });
  after(async () => {
    rollouts?.close();
    await cluster?.close();
  });

  const instances = async (): Promise<InstanceStatus[]> => (await cluster.get(ns, 'opens'))?.status?.instances ?? [];
  const on = (list: InstanceStatus[], node: string) => list.filter((i) => i.node === node && i.state !== 'Stopping' && i.state !== 'Stopped').map((i) => `${Number(i.revision)}:${i.state}`).sort();

  it('goes to the env=pre node first, then to the rest; a probe failing on the canary node halts it there', async () => {
    const steps = { strategy: 'canary', nodeOrderLabel: 'env=pre', steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] };
    await cluster.apply(probe(ns, 'opens', counting('mq-one'), steps));
    await cluster.until('revision 1 on both nodes', async () => {
      const list = await instances();
      return on(list, 'probe-a').join() === '1:Running' && on(list, 'probe-z').join() === '1:Running';
    }, 60_000);

    // The dry run says what the rollout would do, nodes in order, and writes nothing.
    const file = join(cluster.dir.path, 'opens-v2.json');
    writeFileSync(file, JSON.stringify(probe(ns, 'opens', counting('mq-two'), steps)));
    const dry = execFileSync(process.execPath, [CLI_BIN, '--server', cluster.address, 'apply', '--dry-run=server', '-f', file], { encoding: 'utf8' });
    assert.match(dry, /configured \(server dry run\)/);
    assert.match(dry, /rollout: new revision 2, canary from revision 1/);
    assert.match(dry, /node order: probe-z, probe-a/);
    assert.match(dry, /1\. setWeight 50: 1 of 2 nodes on revision 2 \(probe-z\)/);
    assert.match(dry, /promote to 100%: 2 of 2 nodes on revision 2 \(probe-z, probe-a\)/);
    assert.equal(Number((await cluster.get(ns, 'opens'))?.status?.revision), 1, 'the dry run wrote nothing');

    await cluster.apply(probe(ns, 'opens', counting('mq-two'), steps));
    const seenOnA = new Set<string>();
    await cluster.until('revision 2 on env=pre only, paused', async () => {
      const list = await instances();
      for (const s of on(list, 'probe-a')) seenOnA.add(s);
      const r = await getRollout(rollouts, ns, 'opens');
      return r.state?.phase === 'Paused' && r.state.currentStepIndex === 1 && on(list, 'probe-z').join() === '2:Running' && on(list, 'probe-a').join() === '1:Running';
    }, 90_000);
    assert.deepEqual([...seenOnA], ['1:Running'], 'the node without env=pre never ran revision 2 before the promote');

    await rpc(rollouts, 'Promote', { namespace: ns, name: 'opens' });
    await cluster.until('revision 2 everywhere, completed', async () => {
      const list = await instances();
      const r = await getRollout(rollouts, ns, 'opens');
      return r.state?.phase === 'Completed' && on(list, 'probe-a').join() === '2:Running' && on(list, 'probe-z').join() === '2:Running';
    }, 90_000);

    // Revision 3 does not compile: the env=pre node's load fails, the analysis sees it, and with
    // autoRollback off the rollout halts there — probe-a never gets it, both nodes keep revision 2.
    const gated = { strategy: 'canary', nodeOrderLabel: 'env=pre', autoRollback: false, steps: [{ setWeight: 50 }, { analysis: { metrics: [{ name: 'attached', kind: 'attachSuccess' }], intervalSeconds: 1, count: 2 } }, { setWeight: 100 }] };
    await cluster.apply(probe(ns, 'opens', `${counting('mq-three')}interval:s:1 { nosuchfunction(); }\n`, gated));
    const seen = new Set<string>();
    const halted = await cluster.until('halted (Degraded) on the canary node', async () => {
      const list = await instances();
      for (const s of on(list, 'probe-a')) seen.add(s);
      const r = await getRollout(rollouts, ns, 'opens');
      return r.state?.phase === 'Degraded' ? { r, list } : undefined;
    }, 90_000);
    assert.equal(halted.r.state!.abort?.reason, 'AnalysisFailed');
    assert.equal(halted.r.state!.canaryRevision, 3);
    assert.equal(halted.r.state!.stableRevision, 2);
    assert.deepEqual(on(halted.list, 'probe-z'), ['2:Running', '3:Failed'], 'the old probe keeps running next to the failed one');
    assert.ok(!seen.has('3:Running') && ![...seen].some((s) => s.startsWith('3:')), `probe-a never got revision 3: ${[...seen].join()}`);
    assert.deepEqual(on(halted.list, 'probe-a'), ['2:Running']);
  });
});
