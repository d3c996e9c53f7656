import assert from 'node:assert/strict';
import { validateWorkload } from '@mosaic/api';
import { describeWorkload } from './describe-workload.js';

describe('describeWorkload', () => {
  const now = new Date('2025-01-01T01:00:00Z');
  const w = validateWorkload({
    apiVersion: 'mosaic.dev/v1',
    kind: 'Workload',
    metadata: { name: 'checkout', namespace: 'shop', labels: { app: 'checkout' } },
    spec: {
      runtime: 'service',
      replicas: 3,
      service: { command: ['node', 'server.js'], ports: [{ name: 'http', port: 8080 }] },
      rollout: { strategy: 'canary', steps: [{ setWeight: 20 }, { pause: { seconds: 60 } }] },
    },
  });
  w.metadata.creationTimestamp = '2025-01-01T00:00:00Z';
  w.status = {
    phase: 'Running',
    conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicas', message: 'all up', lastTransitionTime: '2025-01-01T00:59:00Z' }],
    instances: [
      { id: 'checkout-1', node: 'local', revision: 1, state: 'Running', restarts: 2 },
      { id: 'checkout-2', node: 'local', revision: 1, state: 'Running', restarts: 0, ports: [{ name: 'http', port: 41234, protocol: 'TCP' }, { name: 'dns', port: 5353, protocol: 'UDP' }] },
    ],
  };
  const text = describeWorkload(w, now);
  const cases = [
    { name: 'names the object', want: /^Name:\s+checkout$/m },
    { name: 'shows labels', want: /^Labels:\s+app=checkout$/m },
    { name: 'shows the age of creation', want: /^Created:\s+2025-01-01T00:00:00Z \(60m ago\)$/m },
    { name: 'describes the runtime section under its name', want: /^Service:\n {2}Command:\s+node server\.js\n {2}Ports:\n {4}1\. name=http port=8080/m },
    { name: 'lists rollout steps in order', want: /^ {2}Steps:\n {4}1\. setWeight=20\n {4}2\. pause\.seconds=60$/m },
    { name: 'shows the phase', want: /^ {2}Phase:\s+Running$/m },
    { name: 'tabulates conditions', want: /^ {2}Available\s+True\s+MinimumReplicas\s+60s\s+all up$/m },
    { name: 'tabulates instances', want: /^ {2}checkout-1\s+local\s+1\s+Running\s+2\s+<none>$/m },
    { name: "shows each instance's node and endpoints", want: /^ {2}checkout-2\s+local\s+1\s+Running\s+0\s+http=127\.0\.0\.1:41234,dns=127\.0\.0\.1:5353\/udp$/m },
  ];
  for (const tc of cases) it(tc.name, () => assert.match(text, tc.want));

  it('says <none> where there is no status yet', () => {
    const bare = describeWorkload({ ...w, status: undefined }, now);
    assert.match(bare, /^Conditions:\n {2}<none>\nInstances:\n {2}<none>\nEvents:\n {2}<none>\n$/m);
  });

  it("tabulates the rollout's recent events, and summarises its state without them", () => {
    const withRollout = describeWorkload({
      ...w,
      status: {
        ...w.status,
        rollout: {
          strategy: 'canary', phase: 'Paused', message: 'paused at step 2/2', stableRevision: 1, canaryRevision: 2, currentStepIndex: 1, stepCount: 2,
          stepsHash: 'h', weight: 20, commandSeq: 0,
          events: [{ type: 'Normal', reason: 'WeightSet', message: 'revision 2 at 20%', at: '2025-01-01T00:59:30Z', revision: 2 }],
        },
      },
    }, now);
    assert.match(withRollout, /^Events:\n {2}TYPE\s+REASON\s+AGE\s+REVISION\s+MESSAGE\n {2}Normal\s+WeightSet\s+30s\s+2\s+revision 2 at 20%$/m);
    assert.match(withRollout, /^ {4}Canary Revision:\s+2$/m);
    assert.doesNotMatch(withRollout, /^ {4}Events:/m);
  });
});
