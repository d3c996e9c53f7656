import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { fileURLToPath } from 'node:url';
import { protoLoaderOptions } from './loader-options.js';

/** The .proto files, copied next to the compiled code at build time (see project.json). */
export const protoRoot = fileURLToPath(new URL('../proto', import.meta.url));

/** Every .proto file of the public API, relative to {@link protoRoot}. */
export const protoFiles = ['mosaic/v1/workload.proto', 'mosaic/v1/workload_service.proto', 'mosaic/v1/agent.proto', 'mosaic/v1/node_service.proto', 'mosaic/v1/function_service.proto', 'mosaic/v1/rollout_service.proto'];

let cached: PackageDefinition | undefined;

/** Loads the Mosaic API once per process; servers, clients and reflection share it. */
export function loadMosaicPackageDefinition(): PackageDefinition {
  cached ??= loadSync(protoFiles, { ...protoLoaderOptions, includeDirs: [protoRoot] });
  return cached;
}
