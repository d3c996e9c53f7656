import assert from 'node:assert/strict';
import { InvalidJobIdError } from '../errors/invalid-job-id-error.js';
import { decodeJobId, encodeJobId } from './job-id.js';

describe('encodeJobId', () => {
  const cases: { id: string; jobId: string }[] = [
    { id: 'shop/checkout', jobId: 'shop/checkout' },
    { id: 'default/api-v2', jobId: 'default/api-v2' },
    { id: 'a:b', jobId: 'a%3Ab' },
    { id: 'a:b:c', jobId: 'a%3Ab%3Ac' },
    { id: '100%', jobId: '100%25' },
    { id: '%3A', jobId: '%253A' },
    { id: '42', jobId: '%~42' },
    { id: '-7', jobId: '%~-7' },
    { id: 'meta', jobId: '%~meta' },
    { id: 'stalled-check', jobId: '%~stalled-check' },
    { id: '%~x', jobId: '%25~x' },
    { id: 'Checkout', jobId: 'Checkout' },
    { id: '42abc', jobId: '42abc' },
  ];
  for (const tc of cases) {
    it(`${JSON.stringify(tc.id)} -> ${JSON.stringify(tc.jobId)} and back`, () => {
      const jobId = encodeJobId(tc.id);
      assert.equal(jobId, tc.jobId);
      assert.ok(!jobId.includes(':'), 'BullMQ forbids ":" in custom ids');
      assert.notEqual(String(parseInt(jobId, 10)), jobId, 'BullMQ forbids integer custom ids');
      assert.equal(decodeJobId(jobId), tc.id);
    });
  }

  it('is injective over tricky inputs', () => {
    const ids = ['a:b', 'a%3Ab', 'a%253Ab', '42', '%~42', 'meta', '%~meta', 'x', '%x'];
    assert.equal(new Set(ids.map(encodeJobId)).size, ids.length);
  });

  it('rejects an empty id', () => {
    assert.throws(() => encodeJobId(''), InvalidJobIdError);
  });
});
