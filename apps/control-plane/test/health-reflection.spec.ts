import { credentials, loadPackageDefinition, status, type Client, type ClientDuplexStream, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import descriptorExt from 'protobufjs/ext/descriptor/index.js';
import { WORKLOAD_SERVICE_NAME } from '../src/index.js';
import { startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

type Ctor = new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => Client;
type HealthClient = Client & {
  Check(req: { service: string }, cb: (err: ServiceError | null, res?: { status: string }) => void): void;
  Watch(req: { service: string }): ClientReadableStream<{ status: string }>;
};
type ReflectionClient = Client & { ServerReflectionInfo(): ClientDuplexStream<Record<string, unknown>, ReflectionResponse> };
interface ReflectionResponse {
  listServicesResponse?: { service: { name: string }[] };
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
  errorResponse?: { errorCode: number; errorMessage: string };
}

const load = (file: string | string[], includeDirs: string[] = []) => loadPackageDefinition(loadSync(file, { includeDirs, enums: String }));
const healthCtor = (load(healthProtoPath) as unknown as { grpc: { health: { v1: { Health: Ctor } } } }).grpc.health.v1.Health;
const reflectionProtoRoot = join(dirname(createRequire(import.meta.url).resolve('@grpc/reflection/package.json')), 'build', 'proto');
const reflectionPkg = load(['grpc/reflection/v1/reflection.proto', 'grpc/reflection/v1alpha/reflection.proto'], [reflectionProtoRoot]) as unknown as {
  grpc: { reflection: { v1: { ServerReflection: Ctor }; v1alpha: { ServerReflection: Ctor } } };
};

const EXPECTED_SERVICES = [
  'grpc.health.v1.Health', 'grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection',
  'mosaic.v1.AgentService', 'mosaic.v1.LogService', 'mosaic.v1.NodeService', WORKLOAD_SERVICE_NAME,
  'mosaic.v1.FunctionService', 'mosaic.v1.RolloutService',
].sort();

/** One request/response exchange on a reflection stream. */
function reflect(client: ReflectionClient, request: Record<string, unknown>): Promise<ReflectionResponse> {
  return new Promise((resolve, reject) => {
    const stream = client.ServerReflectionInfo();
    stream.on('data', (res: ReflectionResponse) => {
      resolve(res);
      stream.end();
    });
    stream.on('error', reject);
    stream.write(request);
  });
}

describe('health checking and server reflection (grpc-js clients)', function () {
  let cp: TestControlPlane;
  let health: HealthClient;
  before(async () => {
    cp = await startTestControlPlane();
    health = new healthCtor(cp.controlPlane.address, credentials.createInsecure()) as HealthClient;
  });
  after(async () => {
    health.close();
    await cp.close();
  });

  const check = (service: string) =>
    new Promise<string>((resolve, reject) => health.Check({ service }, (err, res) => (err ? reject(err) : resolve(res!.status))));

  it('reports SERVING for the server and for mosaic.v1.WorkloadService', async () => {
    assert.equal(await check(''), 'SERVING');
    assert.equal(await check(WORKLOAD_SERVICE_NAME), 'SERVING');
    await assert.rejects(check('no.such.Service'), (err: ServiceError) => err.code === status.NOT_FOUND);
  });

  for (const version of ['v1', 'v1alpha'] as const) {
    it(`lists every service over reflection ${version}`, async () => {
      const client = new reflectionPkg.grpc.reflection[version].ServerReflection(cp.controlPlane.address, credentials.createInsecure()) as ReflectionClient;
      try {
        const res = await reflect(client, { listServices: '*' });
        assert.deepEqual(res.listServicesResponse?.service.map((s) => s.name).sort(), EXPECTED_SERVICES);
      } finally {
        client.close();
      }
    });
  }

  it('serves descriptors with protoc-style map entries and .proto field names', async () => {
    const client = new reflectionPkg.grpc.reflection.v1.ServerReflection(cp.controlPlane.address, credentials.createInsecure()) as ReflectionClient;
    try {
      const res = await reflect(client, { fileContainingSymbol: 'mosaic.v1.ObjectMeta' });
      const files = (res.fileDescriptorResponse?.fileDescriptorProto ?? []).map(
        (bytes) => descriptorExt.FileDescriptorProto.decode(bytes) as unknown as { messageType: { name: string; field: { name: string; typeName?: string }[]; nestedType: { name: string }[] }[] },
      );
      const meta = files.flatMap((f) => f.messageType).find((m) => m.name === 'ObjectMeta');
      assert.ok(meta, 'ObjectMeta is described');
      assert.deepEqual(meta.nestedType.map((n) => n.name), ['LabelsEntry', 'AnnotationsEntry']);
      assert.equal(meta.field.find((f) => f.name === 'labels')?.typeName, '.mosaic.v1.ObjectMeta.LabelsEntry');
      assert.ok(meta.field.some((f) => f.name === 'resource_version'));
    } finally {
      client.close();
    }
  });

  it('turns NOT_SERVING on shutdown, before the server stops', async () => {
    const other = await startTestControlPlane();
    const client = new healthCtor(other.controlPlane.address, credentials.createInsecure()) as HealthClient;
    let stopping: Promise<void> | undefined;
    try {
      const seen: string[] = [];
      const stream = client.Watch({ service: WORKLOAD_SERVICE_NAME });
      const statusSeen = (wanted: string) =>
        new Promise<void>((resolve, reject) => {
          if (seen.includes(wanted)) return resolve();
          stream.on('data', () => seen.includes(wanted) && resolve());
          setTimeout(() => reject(new Error(`no ${wanted} status; saw ${JSON.stringify(seen)}`)), 3000).unref();
        });
      stream.on('data', (res: { status: string }) => seen.push(res.status));
      stream.on('error', () => {});
      await statusSeen('SERVING');
      stopping = other.close();
      await statusSeen('NOT_SERVING');
      assert.deepEqual(seen, ['SERVING', 'NOT_SERVING']);
    } finally {
      client.close();
      await (stopping ?? other.close());
    }
  });
});
