import assert from 'node:assert/strict';
import { parseCliArgs, UsageError } from './cli-args.js';

describe('parseCliArgs', () => {
  const env = { MOSAIC_CACHE_DIR: '/cache' };
  const cases = [
    { name: 'defaults', argv: ['up'], want: { verb: 'up', stateDir: '/cache/k8s-test-cluster/state', nodes: 3, json: false } },
    { name: 'separate values', argv: ['up', '--nodes', '5', '--state-dir', '/s'], want: { verb: 'up', stateDir: '/s', nodes: 5, json: false } },
    { name: 'inline values', argv: ['--nodes=2', 'up'], want: { verb: 'up', stateDir: '/cache/k8s-test-cluster/state', nodes: 2, json: false } },
    { name: 'status as json', argv: ['status', '--json'], want: { verb: 'status', stateDir: '/cache/k8s-test-cluster/state', nodes: 3, json: true } },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const args = parseCliArgs(tc.argv, env);
      assert.deepEqual({ verb: args.verb, stateDir: args.stateDir, nodes: args.nodes, json: args.json }, tc.want);
    });
  }

  const errors = [
    { name: 'no verb', argv: [] },
    { name: 'unknown verb', argv: ['start'] },
    { name: 'unknown flag', argv: ['up', '--force'] },
    { name: 'zero nodes', argv: ['up', '--nodes', '0'] },
    { name: 'missing value', argv: ['up', '--state-dir'] },
  ];
  for (const tc of errors) it(`rejects ${tc.name}`, () => assert.throws(() => parseCliArgs(tc.argv, env), UsageError));
});
