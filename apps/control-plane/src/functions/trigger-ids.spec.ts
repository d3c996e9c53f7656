import { strict as assert } from 'node:assert';
import { ingressInvocationId, ingressQueueName, scheduleInvocationId } from './trigger-ids.js';

describe('trigger ids', () => {
  const cases = [
    { name: 'default ingress queue', got: ingressQueueName('shop', 'resize'), want: 'fn-in.shop.resize' },
    { name: 'configured ingress queue', got: ingressQueueName('shop', 'resize', 'images'), want: 'images' },
    { name: 'empty configured name falls back', got: ingressQueueName('shop', 'resize', ''), want: 'fn-in.shop.resize' },
  ];
  for (const tc of cases) it(tc.name, () => assert.equal(tc.got, tc.want));

  it('a tick maps to one id, different ticks and functions to different ids', () => {
    const a = scheduleInvocationId('ns', 'fn', 'repeat:ns/fn:1000');
    assert.equal(a, scheduleInvocationId('ns', 'fn', 'repeat:ns/fn:1000'));
    assert.notEqual(a, scheduleInvocationId('ns', 'fn', 'repeat:ns/fn:2000'));
    assert.notEqual(a, scheduleInvocationId('ns', 'fn2', 'repeat:ns/fn:1000'));
    assert.match(a, /^s-[0-9a-f]{32}$/);
  });

  it('an ingress job maps to one id per queue', () => {
    const a = ingressInvocationId('fn-in.ns.fn', '7');
    assert.equal(a, ingressInvocationId('fn-in.ns.fn', '7'));
    assert.notEqual(a, ingressInvocationId('other', '7'));
    assert.match(a, /^q-[0-9a-f]{32}$/);
  });
});
