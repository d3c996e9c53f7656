import { loadMosaicPackageDefinition, type pb } from '@mosaic/proto';
import type { ServiceDefinition } from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { checkWire } from './strict-wire-check.js';
import { WireSchema } from './wire-schema.js';

const definition = loadMosaicPackageDefinition();
const schema = new WireSchema(definition);
const apply = (definition['mosaic.v1.WorkloadService'] as ServiceDefinition)['Apply']!;
const encode = (req: pb.ApplyRequest) => apply.requestSerialize(req);

const varint = (n: number) => {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return Buffer.from(out);
};
const len = (field: number, payload: Buffer | string) => {
  const bytes = Buffer.from(payload);
  return Buffer.concat([varint((field << 3) | 2), varint(bytes.length), bytes]);
};
const num = (field: number, value: number) => Buffer.concat([varint(field << 3), varint(value)]);
/** `workload { spec { <inner> } }` */
const inSpec = (inner: Buffer) => len(1, len(4, inner));

const full: pb.ApplyRequest = {
  workload: {
    apiVersion: 'mosaic.dev/v1',
    kind: 'Workload',
    metadata: { name: 'web', labels: { a: 'b', c: 'd' }, finalizers: ['x'], generation: 3 },
    spec: {
      runtime: 'service',
      replicas: 2,
      service: { command: ['node'], ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 81 }], env: { K: 'V' } },
      placement: { affinity: [{ key: 'zone', operator: 'In', values: ['a'], weight: 10 }] },
      rollout: { steps: [{ setWeight: 20 }, { pause: { seconds: 5 } }], analysis: undefined } as pb.RolloutSpec,
    },
    status: { instances: [{ id: 'i', revision: 4 }], conditions: [{ type: 'Ready' }] },
  },
  dryRun: true,
};

describe('checkWire', () => {
  const cases: { name: string; bytes: Buffer; want: { path: string; message: RegExp }[] }[] = [
    { name: 'a request from a conforming encoder', bytes: encode(full), want: [] },
    { name: 'an empty request', bytes: Buffer.alloc(0), want: [] },
    {
      name: 'an unknown field at the top',
      bytes: Buffer.concat([encode(full), num(42, 1)]),
      want: [{ path: '(request)', message: /^unknown field number 42 \(sent as varint\); mosaic\.v1\.ApplyRequest has no such field/ }],
    },
    {
      name: 'an unknown field deep inside, after a merge of repeated embedded messages',
      bytes: Buffer.concat([encode(full), inSpec(len(10, len(5, num(9, 1))))]),
      want: [{ path: 'workload.spec.service.ports[0]', message: /unknown field number 9 .*mosaic\.v1\.Port/ }],
    },
    {
      name: 'a string where an int32 belongs',
      bytes: Buffer.concat([encode(full), inSpec(len(2, 'two'))]),
      want: [{ path: 'workload.spec.replicas', message: /^wrong type: expected int32, got a length-delimited value$/ }],
    },
    {
      name: 'a number where a message belongs',
      bytes: Buffer.concat([encode(full), len(1, num(3, 5))]),
      want: [{ path: 'workload.metadata', message: /^wrong type: expected message, got a varint value$/ }],
    },
    {
      name: 'a number where a string belongs, in a map entry',
      bytes: Buffer.concat([encode(full), len(1, len(3, len(3, num(2, 1))))]),
      want: [{ path: 'workload.metadata.labels', message: /^wrong type: expected string as the map's value, got a varint value$/ }],
    },
    {
      name: 'two problems are both reported',
      bytes: Buffer.concat([encode(full), inSpec(Buffer.concat([len(2, 'x'), num(77, 1)]))]),
      want: [
        { path: 'workload.spec.replicas', message: /wrong type/ },
        { path: 'workload.spec', message: /unknown field number 77/ },
      ],
    },
    {
      name: 'a truncated message',
      bytes: encode(full).subarray(0, 20),
      want: [{ path: '(request)', message: /^malformed protobuf: field 1 runs past the end of its message$/ }],
    },
    {
      name: 'a group wire type',
      bytes: Buffer.from([(1 << 3) | 3]),
      want: [{ path: '(request)', message: /^malformed protobuf: unsupported wire type 3/ }],
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const got = checkWire(tc.bytes, schema.message('mosaic.v1.ApplyRequest'));
      assert.equal(got.length, tc.want.length, JSON.stringify(got));
      tc.want.forEach((w, i) => {
        assert.equal(got[i]?.path, w.path);
        assert.match(got[i]?.message ?? '', w.message);
      });
    });
  }

  it('accepts a singular int32 only as a varint', () => {
    const watch = schema.message('mosaic.v1.WatchRequest');
    assert.deepEqual(checkWire(num(5, 3), watch), []);
    assert.equal(checkWire(len(5, Buffer.from([3])), watch).length, 1, 'a packed value is wrong for a singular int32');
  });
});
