import { strict as assert } from 'node:assert';
import type { MethodDefinition } from '@grpc/proto-loader';
import { loadMosaicPackageDefinition } from './load-package-definition.js';
import type { ApplyRequest, ApplyRequest__Output } from './generated/mosaic/v1/ApplyRequest.js';

// The wire contract the SDK, the CLI and the server all rely on: field presence survives
// encoding (so defaults are applied by validation, not by protobuf), and the shape that
// comes out is the camel-cased YAML shape.
const apply = () => {
  const def = loadMosaicPackageDefinition()['mosaic.v1.WorkloadService'] as Record<string, MethodDefinition<ApplyRequest, unknown, ApplyRequest__Output, unknown>>;
  const method = def['Apply'];
  assert.ok(method, 'WorkloadService.Apply is defined');
  return (req: ApplyRequest) => method.requestDeserialize(method.requestSerialize(req));
};

describe('mosaic.v1 wire format', () => {
  it('defines every WorkloadService method', () => {
    const def = loadMosaicPackageDefinition()['mosaic.v1.WorkloadService'] as Record<string, unknown>;
    assert.deepEqual(Object.keys(def).sort(), ['Apply', 'Delete', 'Get', 'List', 'Watch']);
  });

  const cases: { name: string; request: ApplyRequest; check: (out: ApplyRequest__Output) => void }[] = [
    {
      name: 'an explicit replicas: 0 stays present (proto3 optional)',
      request: { workload: { spec: { runtime: 'service', replicas: 0 } } },
      check: (out) => assert.equal(out.workload?.spec?.replicas, 0),
    },
    {
      name: 'an absent replicas stays absent, so validation can default it',
      request: { workload: { spec: { runtime: 'service' } } },
      check: (out) => assert.equal(out.workload?.spec?.replicas, undefined),
    },
    {
      name: 'only the runtime section that was sent is present',
      request: { workload: { spec: { runtime: 'wasm', wasm: { module: { path: 'a.wasm' } } } } },
      check: (out) => {
        assert.equal(out.workload?.spec?.wasm?.module?.path, 'a.wasm');
        assert.equal(out.workload?.spec?.service, undefined);
      },
    },
    {
      name: 'labels and env maps round-trip as plain objects',
      request: { workload: { metadata: { name: 'a', labels: { app: 'x', 'mosaic.dev/tier': 'web' } }, spec: { service: { env: { A: '1' } } } } },
      check: (out) => {
        assert.deepEqual({ ...out.workload?.metadata?.labels }, { app: 'x', 'mosaic.dev/tier': 'web' });
        assert.deepEqual({ ...out.workload?.spec?.service?.env }, { A: '1' });
      },
    },
    {
      name: 'int64 fields arrive as decimal strings',
      request: { workload: { metadata: { name: 'a', generation: 9007199254740993n.toString() } } },
      check: (out) => assert.equal(out.workload?.metadata?.generation, '9007199254740993'),
    },
    {
      name: 'field names are camel-cased like the YAML',
      request: { workload: { spec: { placement: { nodeSelector: { zone: 'a' } }, rollout: { maxSurge: '25%' } } } },
      check: (out) => {
        assert.deepEqual({ ...out.workload?.spec?.placement?.nodeSelector }, { zone: 'a' });
        assert.equal(out.workload?.spec?.rollout?.maxSurge, '25%');
      },
    },
  ];
  for (const tc of cases) it(tc.name, () => tc.check(apply()(tc.request)));
});
