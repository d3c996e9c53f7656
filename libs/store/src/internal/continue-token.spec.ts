import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { decodeContinueToken, encodeContinueToken } from './continue-token.js';

describe('continue tokens', () => {
  const position = { revision: 42, after: { namespace: 'shop', name: 'checkout' } };

  it('round-trip for the same kind and namespace filter', () => {
    assert.deepEqual(decodeContinueToken(encodeContinueToken('Workload', undefined, position), 'Workload', undefined), position);
    assert.deepEqual(decodeContinueToken(encodeContinueToken('Workload', 'shop', position), 'Workload', 'shop'), position);
  });

  it('are URL-safe', () => {
    assert.match(encodeContinueToken('Workload', 'shop/?&', { revision: 1, after: { namespace: '+/=', name: 'ü' } }), /^[A-Za-z0-9_-]+$/);
  });

  const bad: { name: string; token: string; kind?: string; namespace?: string; message: RegExp }[] = [
    { name: 'garbage', token: 'not a token', message: /not a token returned by a previous list/ },
    { name: 'base64 of non-JSON', token: Buffer.from('hello').toString('base64url'), message: /not a token/ },
    { name: 'wrong shape', token: Buffer.from('{"v":1}').toString('base64url'), message: /not a token/ },
    { name: 'negative revision', token: Buffer.from('{"v":1,"k":"Workload","q":null,"r":-1,"a":["a","b"]}').toString('base64url'), message: /not a token/ },
    { name: 'another kind', token: encodeContinueToken('Node', undefined, position), message: /kind Node/ },
    { name: 'another namespace filter', token: encodeContinueToken('Workload', 'ops', position), message: /namespace "ops"/ },
    { name: 'a namespace filter dropped', token: encodeContinueToken('Workload', undefined, position), namespace: 'shop', message: /same kind and namespace/ },
  ];
  for (const tc of bad) {
    it(`reject ${tc.name} as INVALID_ARGUMENT`, () => {
      assert.throws(
        () => decodeContinueToken(tc.token, tc.kind ?? 'Workload', tc.namespace),
        (err: Error & { code?: string }) => err.code === 'INVALID_ARGUMENT' && tc.message.test(err.message),
      );
    });
  }
});
