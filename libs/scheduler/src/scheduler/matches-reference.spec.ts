import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { makeRequest } from '../../test/fixtures.js';
import { generateCase } from '../../test/generate-case.js';
import { referenceSchedule } from '../../test/reference-scheduler.js';
import { createScheduler } from './create-scheduler.js';
import type { SchedulerOptions } from './scheduler-options.js';

// The real scheduler keeps heaps and counters up to date between placements; the reference
// recomputes everything for every instance. Same plugins, so any difference is an
// incremental-update bug.
describe('createScheduler matches a from-scratch reference', () => {
  const strategies: SchedulerOptions[] = [{ resourceScoring: 'MostAllocated' }, { resourceScoring: 'LeastAllocated' }];
  for (let seed = 1; seed <= 80; seed++) {
    const options = strategies[seed % 2]!;
    it(`generated case ${seed} (${options.resourceScoring})`, () => {
      const c = generateCase(seed);
      const scheduler = createScheduler(options);
      const request = makeRequest(c.spec, c.instances, c.existing, c.key);
      const got = scheduler.schedule(request, { nodes: c.nodes });
      const want = referenceSchedule(scheduler.filters, scheduler.scores, request, { nodes: c.nodes });
      assert.deepEqual(got.placements, want);
      assert.equal(got.unplaced, c.instances - want.length);
      assert.equal(got.diagnosis !== undefined, got.unplaced > 0);
    });
  }
});
