// Issue 7 for functions: a canary weight routes invocations, not instances. At 20 % (a manual
// pause holds it there) about 20 % of 2,000 invocations go to the new revision — checked with a
// binomial tolerance, not an exact count — and after `promote --full` every one does.
import { WORKLOAD_KIND, type Workload } from '@mosaic/api';
import assert from 'node:assert/strict';
import { FunctionClient } from '../functions-api/function-client.js';
import { startTestControlPlane, type TestControlPlane } from '../support/test-control-plane.js';
import { uniqueNamespace } from '../support/workloads.js';
import { rolloutClient, rpc, type RolloutClient } from './rollout-client.js';
import { until as untilDone } from '../support/until.js';

const until = <T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000) => untilDone(what, probe, timeoutMs);

describe('rollouts: a function canary routes invocations', function () {
  this.timeout(120_000);
  const ns = uniqueNamespace('fn-canary');
  let cp: TestControlPlane;
  let fns: FunctionClient;
  let rollouts: RolloutClient;
  before(async () => {
    cp = await startTestControlPlane({ reconcile: true, httpListen: '127.0.0.1:0' });
    fns = new FunctionClient(cp.controlPlane.address);
    rollouts = rolloutClient(cp.controlPlane.address);
  });
  after(async () => {
    fns?.close();
    rollouts?.close();
    await cp?.close();
  });

  const fn = (handler: string) => ({
    apiVersion: 'mosaic.dev/v1', kind: 'Workload', metadata: { name: 'greet', namespace: ns },
    spec: {
      runtime: 'function',
      function: { source: { path: 'index.js' }, handler, trigger: { http: {} } },
      rollout: { strategy: 'canary', steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 100 }] },
    },
  });
  const stored = () => cp.controlPlane.store.get<Workload>(WORKLOAD_KIND, ns, 'greet');
  const route = async (n: number): Promise<Map<number, number>> => {
    const counts = new Map<number, number>();
    for (let start = 0; start < n; start += 100) {
      const batch = await Promise.all(Array.from({ length: Math.min(100, n - start) }, () => fns.invokeAsync({ namespace: ns, name: 'greet', input: '{}' })));
      for (const inv of batch) counts.set(Number(inv.revision), (counts.get(Number(inv.revision)) ?? 0) + 1);
    }
    return counts;
  };

  it('sends about 20 % of 2,000 invocations to the canary, then all after promote --full', async () => {
    await cp.controlPlane.workloads.apply(fn('index.handler'));
    await until('revision 1 idle', async () => (await stored()).status?.rollout?.phase === 'Healthy');
    await cp.controlPlane.workloads.apply(fn('index.greet'));
    const paused = await until('paused at 20 %', async () => {
      const r = (await stored()).status?.rollout;
      return r?.phase === 'Paused' && r.canaryRevision === 2 && r.weight === 20 ? r : undefined;
    });
    assert.equal(paused.stableRevision, 1);

    const n = 2000;
    const counts = await route(n);
    const canary = counts.get(2) ?? 0;
    assert.equal(canary + (counts.get(1) ?? 0), n, `only revisions 1 and 2: ${JSON.stringify([...counts])}`);
    // Binomial(2000, 0.2): mean 400, σ ≈ 17.9; ±5σ is a flake once in ~3.5 million runs.
    const sigma = Math.sqrt(n * 0.2 * 0.8);
    assert.ok(Math.abs(canary - 400) <= 5 * sigma, `${canary} of ${n} went to the canary (want 400 ± ${Math.round(5 * sigma)})`);

    await rpc(rollouts, 'Promote', { namespace: ns, name: 'greet', full: true });
    await until('completed', async () => {
      const r = (await stored()).status?.rollout;
      return r?.phase === 'Completed' && r.stableRevision === 2;
    });
    const after = await route(200);
    assert.deepEqual([...after], [[2, 200]], 'every invocation goes to revision 2 once promoted');

    // restart: a new revision with the same spec rolls out through the same steps.
    const restarted = await rpc<{ revision: string }>(rollouts, 'Restart', { namespace: ns, name: 'greet' });
    assert.equal(Number(restarted.revision), 3);
    await until('revision 3 paused at 20 %', async () => {
      const r = (await stored()).status?.rollout;
      return r?.phase === 'Paused' && r.canaryRevision === 3 && r.stableRevision === 2 && r.weight === 20;
    });
    const history = await rpc<{ revisions: { revision: string; changeCause: string; role: string }[] }>(rollouts, 'History', { namespace: ns, name: 'greet' });
    assert.deepEqual(history.revisions.map((h) => [Number(h.revision), h.changeCause, h.role]), [[1, 'apply', ''], [2, 'apply', 'stable'], [3, 'restart', 'canary']]);
  });
});
