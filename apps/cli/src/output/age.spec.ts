import assert from 'node:assert/strict';
import { formatAge, humanDuration } from './age.js';

describe('humanDuration', () => {
  const S = 1000, M = 60 * S, H = 60 * M, D = 24 * H;
  const cases = [
    { ms: 0, want: '0s' },
    { ms: -500, want: '0s' },
    { ms: -5 * S, want: '<invalid>' },
    { ms: 45 * S, want: '45s' },
    { ms: 119 * S, want: '119s' },
    { ms: 3 * M + 20 * S, want: '3m20s' },
    { ms: 5 * M, want: '5m' },
    { ms: 42 * M, want: '42m' },
    { ms: 2 * H + 15 * M, want: '135m' },
    { ms: 4 * H + 15 * M, want: '4h15m' },
    { ms: 30 * H, want: '30h' },
    { ms: 3 * D + 4 * H, want: '3d4h' },
    { ms: 400 * D, want: '400d' },
    { ms: 3 * 365 * D + 20 * D, want: '3y20d' },
    { ms: 10 * 365 * D, want: '10y' },
  ];
  for (const tc of cases) it(`${tc.ms} ms → ${tc.want}`, () => assert.equal(humanDuration(tc.ms), tc.want));
});

describe('formatAge', () => {
  const now = new Date('2025-01-01T00:10:00Z');
  const cases = [
    { since: '2025-01-01T00:09:30Z', want: '30s' },
    { since: undefined, want: '<unknown>' },
    { since: 'yesterday-ish', want: '<unknown>' },
  ];
  for (const tc of cases) it(`${String(tc.since)} → ${tc.want}`, () => assert.equal(formatAge(tc.since, now), tc.want));
});
