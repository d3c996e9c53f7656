import { strict as assert } from 'node:assert';
import { routeInvocation } from '@mosaic/rollout';
import { routeRevision, type RoutingStatus } from './route-revision.js';

const ids = Array.from({ length: 400 }, (_, i) => `i-${i}`);
const canaryShare = (status: RoutingStatus) => ids.filter((id) => routeRevision(status, id) === 3).length / ids.length;

describe('routeRevision', () => {
  const cases: { name: string; status: RoutingStatus | undefined; id: string; want: number | undefined }[] = [
    { name: 'no status: no revision yet', status: undefined, id: 'a', want: undefined },
    { name: 'empty status: no revision yet', status: {}, id: 'a', want: undefined },
    { name: 'no rollout: the newest revision', status: { revision: 4 }, id: 'a', want: 4 },
    { name: 'idle rollout (canary = stable): the newest revision', status: { revision: 2, rollout: { stableRevision: 2, canaryRevision: 2, weight: 100, phase: 'Healthy' } }, id: 'a', want: 2 },
    { name: 'completed rollout: the newest revision', status: { revision: 3, rollout: { stableRevision: 2, canaryRevision: 3, weight: 100, phase: 'Completed' } }, id: 'a', want: 3 },
    { name: 'aborted rollout: stable', status: { revision: 3, rollout: { stableRevision: 2, canaryRevision: 3, weight: 50, phase: 'Aborted' } }, id: 'a', want: 2 },
    { name: 'weight 0: stable', status: { revision: 3, rollout: { stableRevision: 2, canaryRevision: 3, weight: 0, phase: 'Progressing' } }, id: 'a', want: 2 },
    { name: 'weight 100: canary', status: { revision: 3, rollout: { stableRevision: 2, canaryRevision: 3, weight: 100, phase: 'Paused' } }, id: 'a', want: 3 },
    { name: 'old RolloutStatus shape (no canaryRevision): the newest revision', status: { revision: 5, rollout: { stableRevision: 4, phase: 'Progressing' } }, id: 'a', want: 5 },
    { name: 'rollout without status.revision, settled: the canary', status: { rollout: { stableRevision: 1, canaryRevision: 2, weight: 100, phase: 'Completed' } }, id: 'a', want: 2 },
    { name: 'nonsense revision numbers are ignored', status: { revision: 0, rollout: { stableRevision: -1, canaryRevision: 1.5 } }, id: 'a', want: undefined },
  ];
  for (const tc of cases) it(tc.name, () => assert.equal(routeRevision(tc.status, tc.id), tc.want));

  it('splits by routeInvocation with the canary revision as salt', () => {
    const status: RoutingStatus = { revision: 3, rollout: { stableRevision: 2, canaryRevision: 3, weight: 30, phase: 'Progressing' } };
    for (const id of ids) assert.equal(routeRevision(status, id), routeInvocation(30, id, '3') === 'canary' ? 3 : 2);
    const share = canaryShare(status);
    assert.ok(share > 0.2 && share < 0.4, `canary share ${share}`);
  });

  it('is deterministic per invocation id', () => {
    const status: RoutingStatus = { revision: 3, rollout: { stableRevision: 2, canaryRevision: 3, weight: 50, phase: 'Progressing' } };
    for (const id of ids.slice(0, 50)) assert.equal(routeRevision(status, id), routeRevision(status, id));
  });
});
