// Issue 7: a service canary 25 → 50 → 100 with a timed and a manual pause, on real agents. The
// instance counts per revision are checked at each step, `promote` skips the manual pause, and
// a client polls the service the whole time.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { askEcho, echoWorkload } from '../pipeline/support/echo-workload.js';
import { PipelineCluster, processAlive } from '../pipeline/support/pipeline-cluster.js';
import { getRollout, liveByRevision, readyByRevision, rolloutClient, rpc, type RolloutClient } from './rollout-client.js';

describe('rollouts: a service canary', function () {
  this.timeout(240_000);
  const ns = 'canary';
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

  const canary = (name: string, version: string, steps: object[]) =>
    echoWorkload(ns, name, cluster.portDir, { replicas: 4, version, rollout: { strategy: 'canary', steps } as never });

  /** A client that keeps asking one Running instance of `name` (from the status), round robin. */
  function poller(name: string) {
    const stats = { ok: 0, failed: 0, versions: new Set<string>(), errors: [] as string[] };
    let running = true;
    const loop = (async () => {
      let turn = 0;
      while (running) {
        const w = await cluster.get(ns, name).catch(() => undefined);
        const published = cluster.published();
        const ready = (w?.status?.instances ?? []).filter((i) => i.state === 'Running' && published.has(i.id) && processAlive(published.get(i.id)!.pid));
        if (ready.length) {
          // One retry on another ready instance, as any load balancer does on a refused connection:
          // an instance being stopped between the status read and the request is not an outage.
          let answered = false;
          for (let attempt = 0; attempt < 2 && !answered; attempt++) {
            const target = ready[(turn++ + attempt) % ready.length]!;
            try {
              const a = await askEcho(published.get(target.id)!.port);
              stats.versions.add(a.version);
              answered = true;
            } catch (err) {
              if (attempt === 1) stats.errors.push(`${target.id}: ${(err as Error).message}`);
            }
          }
          if (answered) stats.ok++;
          else stats.failed++;
        }
        await sleep(50);
      }
    })();
    return { stats, stop: async () => { running = false; await loop; } };
  }

  it('walks 25 → pause 3s → 50 → pause → 100 with the right counts; promote skips the manual pause; no failed request', async () => {
    const steps = [{ setWeight: 25 }, { pause: { seconds: 3 } }, { setWeight: 50 }, { pause: {} }, { setWeight: 100 }];
    await cluster.apply(canary('web', 'v1', steps));
    await cluster.until('revision 1 Running', async () => {
      const w = await cluster.get(ns, 'web');
      return w?.status?.phase === 'Running' && w.status.instances?.filter((i) => i.state === 'Running').length === 4;
    }, 60_000);
    const first = await getRollout(rollouts, ns, 'web');
    assert.equal(first.state?.stableRevision, 1);
    assert.equal(first.state?.phase, 'Healthy');

    const poll = poller('web');
    await cluster.apply(canary('web', 'v2', steps));
    // Step 1 done (25% = 1 of 4): then the timed pause holds it.
    const atPause = await cluster.until('timed pause at 25%', async () => {
      const r = await getRollout(rollouts, ns, 'web');
      return r.state?.currentStepIndex === 1 && r.state.pause?.endsAt ? r : undefined;
    }, 60_000);
    assert.equal(atPause.state!.canaryRevision, 2);
    assert.equal(atPause.state!.weight, 25);
    const stepOne = await cluster.until('3 of revision 1 and 1 of revision 2 ready', async () => {
      const r = await getRollout(rollouts, ns, 'web');
      const live = liveByRevision(r.view);
      return live[1] === 3 && live[2] === 1 && readyByRevision(r.view)[2] === 1 ? r : undefined;
    }, 30_000);
    assert.ok(stepOne.state!.currentStepIndex <= 3);

    // The manual pause at 50%: 2 and 2, held until promoted.
    const manual = await cluster.until('manual pause at 50%', async () => {
      const r = await getRollout(rollouts, ns, 'web');
      const live = liveByRevision(r.view);
      return r.state?.currentStepIndex === 3 && r.state.phase === 'Paused' && live[1] === 2 && live[2] === 2 ? r : undefined;
    }, 60_000);
    assert.equal(manual.state!.weight, 50);
    assert.equal(manual.state!.pause?.endsAt, undefined, 'a pause without seconds has no end');
    const pausedAt = Date.now();
    // Held: two seconds later it still sits there.
    await sleep(2000);
    const held = await getRollout(rollouts, ns, 'web');
    assert.equal(held.state!.currentStepIndex, 3);
    assert.deepEqual(liveByRevision(held.view), { 1: 2, 2: 2 });

    await rpc(rollouts, 'Promote', { namespace: ns, name: 'web' });
    const done = await cluster.until('completed at revision 2', async () => {
      const r = await getRollout(rollouts, ns, 'web');
      const live = liveByRevision(r.view);
      return r.state?.phase === 'Completed' && r.state.stableRevision === 2 && live[2] === 4 && !live[1] && readyByRevision(r.view)[2] === 4 ? r : undefined;
    }, 60_000);
    assert.ok(Date.now() - pausedAt >= 2000);
    assert.ok(done.state!.events.some((e) => e.reason === 'Promoted'), 'the promote is an event');
    await sleep(500);
    await poll.stop();

    assert.ok(poll.stats.ok > 20, `the client got answers (${poll.stats.ok})`);
    assert.deepEqual(poll.stats.errors, [], 'no failed request');
    assert.equal(poll.stats.failed, 0);
    assert.deepEqual([...poll.stats.versions].sort(), ['v1', 'v2'], 'both versions served during the canary');
  });
});
