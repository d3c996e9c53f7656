import assert from 'node:assert/strict';
import { DEFAULT_RETRY } from '../mosaic-client-options.js';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  const noJitter = { ...DEFAULT_RETRY, jitter: 0 };
  const cases = [
    { name: 'first retry waits the initial backoff', retry: 1, opts: noJitter, random: 0.5, want: 100 },
    { name: 'doubles each retry', retry: 3, opts: noJitter, random: 0.5, want: 400 },
    { name: 'is capped at maxBackoffMs', retry: 20, opts: noJitter, random: 0.5, want: 5000 },
    { name: 'retry 0 is treated as the first', retry: 0, opts: noJitter, random: 0.5, want: 100 },
    { name: 'jitter low end', retry: 1, opts: DEFAULT_RETRY, random: 0, want: 80 },
    { name: 'jitter high end', retry: 1, opts: DEFAULT_RETRY, random: 0.999999, want: 120 },
    { name: 'jitter applies after the cap', retry: 20, opts: DEFAULT_RETRY, random: 0, want: 4000 },
    { name: 'custom multiplier', retry: 3, opts: { ...noJitter, multiplier: 3 }, random: 0.5, want: 900 },
    { name: 'full jitter never goes negative', retry: 1, opts: { ...DEFAULT_RETRY, jitter: 1 }, random: 0, want: 0 },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      assert.equal(backoffDelay(tc.retry, tc.opts, () => tc.random), tc.want);
    });
  }
});
