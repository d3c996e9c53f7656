import { Server, ServerCredentials, type ServiceDefinition } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { loadMosaicPackageDefinition } from '@mosaic/proto';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from 'pino';
import type { ListenAddress } from '../config/listen-address.js';
import type { WorkloadService } from '../workloads/workload-service.js';
import { callInterceptor } from './call-interceptor.js';
import { CallTracker } from './call-tracker.js';
import { reflectionPackageDefinition } from './reflection-definition.js';
import { strictService } from './strict-service.js';
import { createWorkloadHandlers } from './workload-handlers.js';
import { createFunctionHandlers } from '../functions/function-handlers.js';
import type { Invoker } from '../functions/invoker.js';

/** Fully-qualified name of the API service, as health checks and reflection name it. */
export const WORKLOAD_SERVICE_NAME = 'mosaic.v1.WorkloadService';
/** Fully-qualified name of the function invocation service. */
export const FUNCTION_SERVICE_NAME = 'mosaic.v1.FunctionService';

export interface GrpcServerOptions {
  maxReceiveMessageBytes: number;
  maxSendMessageBytes: number;
  log: Logger;
  /**
   * The function invoker, once the functions subsystem runs (it needs the reconciler's Redis);
   * until then, or without it, FunctionService answers UNAVAILABLE.
   * @defaultValue () => undefined
   */
  invoker?: () => Invoker | undefined;
}

/** The gRPC server with the Mosaic API, health checking and reflection, not yet bound. */
export interface MosaicGrpcServer {
  server: Server;
  health: HealthImplementation;
  tracker: CallTracker;
  /** Binds and starts serving; resolves with the port actually bound. */
  bind(address: ListenAddress): Promise<number>;
}

/** Streams that last as long as their client wants; shutdown cancels them instead of waiting. */
const DETACHED_METHODS = new Set([
  '/grpc.health.v1.Health/Watch',
  '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
  '/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo',
]);

export function createGrpcServer(workloads: WorkloadService, options: GrpcServerOptions): MosaicGrpcServer {
  const tracker = new CallTracker(DETACHED_METHODS);
  const server = new Server({
    // Explicit limits: an oversized request fails with RESOURCE_EXHAUSTED before any
    // decoding or handler work, and the server keeps serving.
    'grpc.max_receive_message_length': options.maxReceiveMessageBytes,
    'grpc.max_send_message_length': options.maxSendMessageBytes,
    interceptors: [callInterceptor(tracker, options.log)],
  });
  const definition = loadMosaicPackageDefinition();
  const api = (definition[WORKLOAD_SERVICE_NAME] as ServiceDefinition | undefined) ?? missing(WORKLOAD_SERVICE_NAME);
  server.addService(strictService(api, definition), createWorkloadHandlers(workloads, tracker, options.log));
  const functions = (definition[FUNCTION_SERVICE_NAME] as ServiceDefinition | undefined) ?? missing(FUNCTION_SERVICE_NAME);
  server.addService(strictService(functions, definition), createFunctionHandlers(options.invoker ?? (() => undefined), options.log));

  const health = new HealthImplementation({ '': 'NOT_SERVING', [WORKLOAD_SERVICE_NAME]: 'NOT_SERVING' });
  health.addToServer(server);
  // Reflection (v1 and v1alpha) lets grpcurl and other tools call the API without .proto files.
  new ReflectionService(reflectionPackageDefinition()).addToServer(server);

  return {
    server,
    health,
    tracker,
    bind: ({ host, port }) =>
      new Promise((resolve, reject) => {
        const target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
        server.bindAsync(target, ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
      }),
  };
}

function missing(name: string): never {
  throw new Error(`${name} is not in the Mosaic package definition`);
}
