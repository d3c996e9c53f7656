// The SDK's rollout calls against a real control plane (reconciler, private Redis). A function
// workload needs no agent to roll out (its weight routes invocations), so the whole command set
// runs here: typed views, typed errors, undo/restart revisions, history, the watch stream.
import assert from 'node:assert/strict';
import { FailedPreconditionError, MosaicClient, NotFoundError, type RolloutView, type WorkloadInput } from '../src/index.js';
import { removeStateDir, startControlPlaneProcess, type ControlPlaneProcess } from './support/control-plane-process.js';
import { uniqueNamespace } from './support/workloads.js';

function fn(namespace: string, handler: string): WorkloadInput {
  return {
    apiVersion: 'mosaic.dev/v1',
    kind: 'Workload',
    metadata: { name: 'greet', namespace },
    spec: {
      runtime: 'function',
      function: { source: { path: 'index.js' }, handler, trigger: { http: {} } },
      rollout: { strategy: 'canary', steps: [{ setWeight: 30 }, { pause: {} }] },
    },
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('MosaicClient rollouts', function () {
  this.timeout(60_000);
  let cp: ControlPlaneProcess;
  let client: MosaicClient;
  const ns = uniqueNamespace('sdk-ro');

  before(async () => {
    cp = await startControlPlaneProcess({ extraArgs: ['--reconcile', 'true', '--http-listen', '127.0.0.1:0'] });
    client = new MosaicClient({ address: cp.address, deadlineMs: 10_000 });
  });
  after(async () => {
    client?.close();
    await cp?.stop();
    if (cp) removeStateDir(cp.stateDir);
  });

  it('commands, typed errors, undo, restart, history and the watch stream', async () => {
    await client.apply(fn(ns, 'index.a'));
    const idle = await until('idle rollout', async () => {
      const v = await client.getRollout(ns, 'greet');
      return v.rollout?.phase === 'Healthy' ? v : undefined;
    });
    assert.equal(idle.runtime, 'function');
    assert.deepEqual(idle.steps, ['setWeight 30', 'pause']);
    await assert.rejects(client.promoteRollout(ns, 'greet'), FailedPreconditionError, 'nothing to promote');
    await assert.rejects(client.getRollout(ns, 'nope'), NotFoundError);

    const preview = await client.previewRollout(fn(ns, 'index.b'));
    assert.equal(preview.revision, 2);
    assert.equal(preview.revisionChange, 'new');
    await client.apply(fn(ns, 'index.b'));

    const seen: RolloutView[] = [];
    const abort = new AbortController();
    const watching = (async () => {
      for await (const v of client.watchRollout(ns, 'greet', { signal: abort.signal })) {
        seen.push(v);
        if (v.rollout?.phase === 'Aborted') abort.abort();
      }
    })();
    await until('paused at 30 %', async () => (await client.getRollout(ns, 'greet')).rollout?.phase === 'Paused');
    // The watch polls (500 ms): let it deliver the pause before the commands below move past it.
    await until('the watch saw the pause', () => Promise.resolve(seen.some((v) => v.rollout?.phase === 'Paused' && v.rollout.weight === 30)));
    const paused = await client.pauseRollout(ns, 'greet');
    assert.ok(paused.seq > 0);
    await until('operator pause applied', async () => (await client.getRollout(ns, 'greet')).rollout?.operatorPause);
    await assert.rejects(client.pauseRollout(ns, 'greet'), FailedPreconditionError, 'already paused');
    await client.resumeRollout(ns, 'greet');
    await client.abortRollout(ns, 'greet');
    await watching;
    assert.ok(seen.some((v) => v.rollout?.phase === 'Paused' && v.rollout.weight === 30), 'the watch saw the pause');
    assert.equal(seen.at(-1)?.rollout?.phase, 'Aborted');

    await assert.rejects(client.undoRollout(ns, 'greet', 9), NotFoundError);
    const undone = await client.undoRollout(ns, 'greet', 1);
    assert.equal(undone.revision, 3);
    const restarted = await client.restartRollout(ns, 'greet');
    assert.equal(restarted.revision, 4);
    const history = await client.rolloutHistory(ns, 'greet');
    assert.deepEqual(history.map((h) => [h.revision, h.changeCause]), [[1, 'apply'], [2, 'apply'], [3, 'undo to revision 1'], [4, 'restart']]);
  });
});
