import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPackageDefinition, Server, ServerCredentials, status, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { loadMosaicPackageDefinition, type MosaicProtoGrpcType, type pb } from '@mosaic/proto';
import { MosaicClient, UnauthenticatedError, UnavailableError } from '../src/index.js';

/**
 * The control plane serves plaintext on loopback, so TLS and bearer tokens are checked
 * against a small in-test gRPC server with a self-signed certificate for 127.0.0.1 that
 * answers Get only when the expected token is presented.
 */
describe('MosaicClient over TLS with a bearer token', function () {
  this.timeout(30_000);
  let dir: string;
  let server: Server;
  let address: string;
  let ca: Buffer;
  const seenAuth: (string | undefined)[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mosaic-sdk-tls-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    ca = readFileSync(join(dir, 'cert.pem'));
    const proto = loadPackageDefinition(loadMosaicPackageDefinition()) as unknown as MosaicProtoGrpcType;
    server = new Server();
    server.addService(proto.mosaic.v1.WorkloadService.service, {
      Get(call: ServerUnaryCall<pb.GetRequest__Output, pb.Workload>, callback: sendUnaryData<pb.Workload>) {
        const auth = call.metadata.get('authorization')[0]?.toString();
        seenAuth.push(auth);
        if (auth !== 'Bearer let-me-in') return callback({ code: status.UNAUTHENTICATED, details: 'a valid bearer token is required' });
        callback(null, {
          apiVersion: 'mosaic.dev/v1',
          kind: 'Workload',
          metadata: { name: call.request.name, namespace: call.request.namespace, resourceVersion: '1', generation: '1' },
          spec: { runtime: 'service', replicas: 1, service: { command: ['x'] } },
        });
      },
    });
    const creds = ServerCredentials.createSsl(null, [{ private_key: readFileSync(join(dir, 'key.pem')), cert_chain: ca }]);
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', creds, (err, p) => (err ? reject(err) : resolve(p))));
    address = `127.0.0.1:${port}`;
  });
  after(() => {
    server?.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('trusts the given CA and sends the token as authorization metadata', async () => {
    const client = new MosaicClient({ address, tls: { ca }, token: 'let-me-in' });
    try {
      const w = await client.get('shop', 'checkout');
      assert.equal(w.metadata.name, 'checkout');
      assert.equal(w.metadata.generation, 1, 'int64 fields arrive as numbers');
      assert.equal(seenAuth.at(-1), 'Bearer let-me-in');
    } finally {
      client.close();
    }
  });

  it('a wrong token is UnauthenticatedError', async () => {
    const client = new MosaicClient({ address, tls: { ca }, token: 'guess' });
    try {
      await assert.rejects(client.get('shop', 'checkout'), UnauthenticatedError);
    } finally {
      client.close();
    }
  });

  it('an untrusted certificate never gets a request through', async () => {
    const client = new MosaicClient({ address, tls: {}, token: 'let-me-in', retry: { maxAttempts: 2, initialBackoffMs: 50 } });
    const before = seenAuth.length;
    try {
      await assert.rejects(client.get('shop', 'checkout'), UnavailableError);
      assert.equal(seenAuth.length, before);
    } finally {
      client.close();
    }
  });
});
