// Issue 7: what happens when a canary goes wrong, on real agents and the real CLI binary — a
// crash-looping revision fails its analysis and is rolled back without the stable revision ever
// dropping below the minimum; abort, undo --to-revision 1 and history; and a control plane
// killed (-9) during a timed pause resumes at the same step with the same end time.
import { execFile } from 'node:child_process';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { echoWorkload } from '../pipeline/support/echo-workload.js';
import { PipelineCluster, REPO_ROOT } from '../pipeline/support/pipeline-cluster.js';
import { getRollout, liveByRevision, readyByRevision, rolloutClient, type RolloutClient } from './rollout-client.js';

const CLI_BIN = join(REPO_ROOT, 'apps/cli/dist/main.js');
const run = promisify(execFile);

describe('rollouts: failures, undo and restarts', function () {
  this.timeout(240_000);
  const ns = 'canary-failures';
  let cluster: PipelineCluster;
  let rollouts: RolloutClient;
  before(async () => {
    cluster = await new PipelineCluster().start();
    await Promise.all([cluster.startAgent('agent-a', { zone: 'a' }), cluster.startAgent('agent-b', { zone: 'b' })]);
    rollouts = rolloutClient(cluster.address);
  });
  after(async () => {
    rollouts?.close();
    await cluster?.close();
  });

  const cli = async (...args: string[]) => {
    try {
      const { stdout } = await run(process.execPath, [CLI_BIN, '--server', cluster.address, ...args], { encoding: 'utf8' });
      return { code: 0, stdout, stderr: '' };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  };
  const workload = (name: string, version: string, replicas: number, rollout: object) =>
    echoWorkload(ns, name, cluster.portDir, { replicas, version, rollout: rollout });
  const runningAll = (name: string, n: number) => cluster.until(`${name}: ${n} Running`, async () => {
    const w = await cluster.get(ns, name);
    return w?.status?.phase === 'Running' && w.status.instances?.filter((i) => i.state === 'Running').length === n;
  }, 60_000);

  it('a crash-looping canary fails its analysis, aborts and restores stable; stable never drops below the minimum', async () => {
    const rollout = {
      strategy: 'canary',
      steps: [{ setWeight: 25 }, { analysis: { metrics: [{ name: 'canary-health', kind: 'health' }], intervalSeconds: 1, count: 3 } }, { setWeight: 100 }],
      autoRollback: true,
    };
    await cluster.apply(workload('crashy', 'v1', 4, rollout));
    await runningAll('crashy', 4);

    const broken = workload('crashy', 'v2', 4, rollout);
    broken.spec!.service!.command = [process.execPath, '-e', 'process.exit(3)'];
    await cluster.apply(broken);
    const samples: { stableReady: number; canaryLive: number }[] = [];
    const aborted = await cluster.until('aborted and restored', async () => {
      const r = await getRollout(rollouts, ns, 'crashy');
      samples.push({ stableReady: readyByRevision(r.view)[1] ?? 0, canaryLive: liveByRevision(r.view)[2] ?? 0 });
      return r.state?.phase === 'Aborted' && r.state.abort?.restored && !liveByRevision(r.view)[2] && readyByRevision(r.view)[1] === 4 ? r : undefined;
    }, 120_000);

    assert.equal(aborted.state!.abort!.reason, 'AnalysisFailed');
    assert.equal(aborted.state!.stableRevision, 1);
    assert.ok(aborted.state!.events.some((e) => e.reason === 'AnalysisFailed'), 'AnalysisFailed event');
    assert.ok(aborted.state!.events.some((e) => e.reason === 'RolledBack'), 'RolledBack event');
    assert.ok(samples.some((s) => s.canaryLive > 0), 'the canary did run');
    // maxUnavailable 0: the canary never became available, so the stable revision kept all 4.
    const low = samples.filter((s) => s.stableReady < 4);
    assert.deepEqual(low, [], `stable below 4 ready in ${low.length} of ${samples.length} samples`);
    const w = (await cluster.get(ns, 'crashy'))!;
    assert.equal(w.status?.phase, 'Running');
  });

  it('abort, then undo --to-revision 1, then history shows revisions 1, 2, 3 with their causes (CLI)', async () => {
    const rollout = { strategy: 'canary', steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] };
    await cluster.apply(workload('undo', 'v1', 2, rollout));
    await runningAll('undo', 2);
    await cluster.apply(workload('undo', 'v2', 2, rollout));
    await cluster.until('paused at 50%', async () => {
      const r = await getRollout(rollouts, ns, 'undo');
      return r.state?.phase === 'Paused' && r.state.currentStepIndex === 1;
    }, 60_000);

    const promoteIdle = await cli('rollout', 'retry', 'undo', '-n', ns);
    assert.notEqual(promoteIdle.code, 0, 'retry of a rollout that did not abort is refused');
    assert.match(promoteIdle.stderr, /cannot retry/);

    const abort = await cli('rollout', 'abort', 'undo', '-n', ns);
    assert.equal(abort.code, 0, abort.stderr);
    await cluster.until('aborted and restored', async () => {
      const r = await getRollout(rollouts, ns, 'undo');
      return r.state?.phase === 'Aborted' && r.state.abort?.restored && liveByRevision(r.view)[1] === 2 && !liveByRevision(r.view)[2];
    }, 60_000);
    const promoteAborted = await cli('rollout', 'promote', 'undo', '-n', ns);
    assert.notEqual(promoteAborted.code, 0, 'promote with nothing in progress is refused');

    const pruned = await cli('rollout', 'undo', 'undo', '--to-revision', '9', '-n', ns);
    assert.notEqual(pruned.code, 0);
    assert.match(pruned.stderr, /revision 9 of undo not found/);

    const undo = await cli('rollout', 'undo', 'undo', '--to-revision', '1', '-n', ns);
    assert.equal(undo.code, 0, undo.stderr);
    assert.match(undo.stdout, /rolled back \(revision 3\)/);
    // Revision 3 (revision 1's spec) rolls out through the same canary steps: promote it fully.
    await cluster.until('revision 3 in progress', async () => (await getRollout(rollouts, ns, 'undo')).state?.canaryRevision === 3, 30_000);
    const full = await cli('rollout', 'promote', 'undo', '--full', '-n', ns);
    assert.equal(full.code, 0, full.stderr);
    const done = await cluster.until('revision 3 completed', async () => {
      const r = await getRollout(rollouts, ns, 'undo');
      return r.state?.phase === 'Completed' && r.state.stableRevision === 3 && liveByRevision(r.view)[3] === 2 && Object.keys(liveByRevision(r.view)).length === 1 ? r : undefined;
    }, 60_000);
    assert.equal(Number(done.view.revision), 3);

    const history = await cli('rollout', 'history', 'undo', '-n', ns);
    assert.equal(history.code, 0, history.stderr);
    const rows = history.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s{3,}/));
    assert.deepEqual(rows.map((r) => [r[0], r[1]]), [['1', 'apply'], ['2', 'apply'], ['3', 'undo to revision 1']]);
    assert.match(history.stdout, /^3\s+undo to revision 1\s+\S+\s+stable$/m);

    const status = await cli('rollout', 'status', 'undo', '-n', ns);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /Status:\s+✔ Completed/);
    assert.match(status.stdout, /Events:/);
  });

  it('kill -9 during a timed pause: after the restart the rollout continues from the same step with the same end', async () => {
    const rollout = { strategy: 'canary', steps: [{ setWeight: 50 }, { pause: { seconds: 8 } }, { setWeight: 100 }] };
    await cluster.apply(workload('durable', 'v1', 2, rollout));
    await runningAll('durable', 2);
    await cluster.apply(workload('durable', 'v2', 2, rollout));
    const paused = await cluster.until('in the timed pause', async () => {
      const r = await getRollout(rollouts, ns, 'durable');
      return r.state?.currentStepIndex === 1 && r.state.pause?.endsAt ? r.state : undefined;
    }, 60_000);
    const endsAt = Date.parse(paused.pause!.endsAt!);
    assert.ok(endsAt - Date.now() > 3000, 'enough pause left to kill in the middle');

    await cluster.killControlPlane();
    await sleep(1000);
    await cluster.startControlPlane();
    rollouts.close();
    rollouts = rolloutClient(cluster.address);

    const after = await getRollout(rollouts, ns, 'durable');
    assert.equal(after.state?.currentStepIndex, 1, 'same step');
    assert.equal(after.state?.pause?.endsAt, paused.pause!.endsAt, 'same end of pause');
    assert.deepEqual(liveByRevision(after.view), { 1: 1, 2: 1 });

    const done = await cluster.until('completed after the pause', async () => {
      const r = await getRollout(rollouts, ns, 'durable');
      return r.state?.phase === 'Completed' && liveByRevision(r.view)[2] === 2 ? r.state : undefined;
    }, 60_000);
    const ended = done.events.find((e) => e.reason === 'PauseEnded');
    assert.ok(ended, 'PauseEnded event');
    assert.ok(Date.parse(ended.at) >= endsAt, `the pause ended at ${ended.at}, not before ${paused.pause!.endsAt}`);
    assert.ok(Date.parse(ended.at) - endsAt < 5000, `the pause ended on time after the restart (${Date.parse(ended.at) - endsAt} ms late)`);
  });
});
