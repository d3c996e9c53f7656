import { strict as assert } from 'node:assert';
import { decideAfterExit, type RestartPolicy, type RunOutcome } from './exit-decision.js';

describe('decideAfterExit', () => {
  const cases: { policy: RestartPolicy; outcome: RunOutcome; want: string }[] = [
    { policy: 'Always', outcome: { exitCode: 0 }, want: 'restart Completed' },
    { policy: 'Always', outcome: { exitCode: 1 }, want: 'restart Error' },
    { policy: 'OnFailure', outcome: { exitCode: 0 }, want: 'Succeeded Completed' },
    { policy: 'OnFailure', outcome: { exitCode: 2 }, want: 'restart Error' },
    { policy: 'OnFailure', outcome: { exitCode: null }, want: 'restart Error' },
    { policy: 'Never', outcome: { exitCode: 0 }, want: 'Succeeded Completed' },
    { policy: 'Never', outcome: { exitCode: 3 }, want: 'Failed Error' },
    { policy: 'Never', outcome: { exitCode: 137, deadlineExceeded: true }, want: 'Failed DeadlineExceeded' },
    { policy: 'OnFailure', outcome: { exitCode: 0, deadlineExceeded: true }, want: 'restart DeadlineExceeded' },
    { policy: 'Always', outcome: { exitCode: 143, unhealthy: true }, want: 'restart Unhealthy' },
    { policy: 'Never', outcome: { exitCode: 143, unhealthy: true }, want: 'Failed Unhealthy' },
    { policy: 'Never', outcome: { exitCode: null, startError: true }, want: 'Failed StartError' },
  ];
  for (const tc of cases) {
    it(`${tc.policy} + ${JSON.stringify(tc.outcome)} → ${tc.want}`, () => {
      const d = decideAfterExit(tc.policy, tc.outcome);
      assert.equal(`${d.restart ? 'restart' : d.state} ${d.reason}`, tc.want);
    });
  }
});
