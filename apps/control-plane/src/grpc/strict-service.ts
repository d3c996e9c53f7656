import type { ServiceDefinition } from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';
import { InvalidArgumentError, type FieldViolation } from '@mosaic/api';
import { checkWire } from './strict-wire-check.js';
import { WireSchema, type WireMessage } from './wire-schema.js';

const REJECTED = Symbol('mosaic.wireRejected');

/** What a strict deserializer hands the handler instead of a request that failed the wire check. */
interface WireRejected {
  [REJECTED]: FieldViolation[];
}

/**
 * The service definition with every request deserializer preceded by the strict wire check
 * (`checkWire`). A request that fails it is not decoded; the handler receives a marker and
 * answers INVALID_ARGUMENT via {@link assertWellFormed}. (grpc-js turns an exception thrown
 * by a deserializer into INTERNAL with a hidden message, which would blame the server.)
 */
export function strictService(service: ServiceDefinition, definition: PackageDefinition): ServiceDefinition {
  const schema = new WireSchema(definition);
  const strict: Record<string, ServiceDefinition[string]> = {};
  for (const [method, def] of Object.entries(service)) {
    // `/mosaic.v1.WorkloadService/Apply` + request descriptor name `ApplyRequest` → `mosaic.v1.ApplyRequest`.
    const servicePath = def.path.split('/')[1] ?? '';
    const pkg = servicePath.slice(0, servicePath.lastIndexOf('.'));
    const typeName = (def as { requestType?: { type?: { name?: string } } }).requestType?.type?.name;
    const requestName = `${pkg}.${typeName}`;
    if (!typeName || !definition[requestName]) throw new Error(`cannot find the request type of ${def.path} in the package definition`);
    const message: WireMessage = schema.message(requestName);
    strict[method] = {
      ...def,
      requestDeserialize: (bytes: Buffer): unknown => {
        const violations = checkWire(bytes, message);
        return violations.length ? ({ [REJECTED]: violations } satisfies WireRejected) : def.requestDeserialize(bytes);
      },
    };
  }
  return strict;
}

/** @throws InvalidArgumentError when the request failed the wire check. */
export function assertWellFormed<T>(request: T): T {
  const violations = (request as Partial<WireRejected> | null)?.[REJECTED];
  if (violations) throw new InvalidArgumentError('malformed request', violations);
  return request;
}
