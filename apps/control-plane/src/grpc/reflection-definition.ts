import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { protoFiles, protoLoaderOptions, protoRoot } from '@mosaic/proto';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import descriptorExt from 'protobufjs/ext/descriptor/index.js';

/**
 * The package definition served by server reflection: the Mosaic API plus the health and
 * reflection services themselves (so `grpcurl list` shows everything the server answers).
 *
 * Loaded with `keepCase: true`, so reflected field names are the .proto's snake_case, and
 * with map entry types renamed: protobufjs names the entry type of `map<…> labels` "Labels"
 * instead of "LabelsEntry", which protobuf-go (grpcurl, Go clients) rejects as an invalid map
 * (grpcurl issue #519). Only reflection sees this definition; the server's codecs use the
 * regular one.
 */
export function reflectionPackageDefinition(): PackageDefinition {
  const reflectionProtoRoot = join(dirname(createRequire(import.meta.url).resolve('@grpc/reflection/package.json')), 'build', 'proto');
  const options = { ...protoLoaderOptions, keepCase: true };
  const merged: PackageDefinition = {
    ...loadSync(healthProtoPath, options),
    ...loadSync(['grpc/reflection/v1/reflection.proto', 'grpc/reflection/v1alpha/reflection.proto'], { ...options, includeDirs: [reflectionProtoRoot] }),
    ...loadSync(protoFiles, { ...options, includeDirs: [protoRoot] }),
  };
  const fixed = new Map<Buffer, Buffer>();
  const fix = (bytes: Buffer) => {
    let out = fixed.get(bytes);
    if (!out) fixed.set(bytes, (out = fixMapEntryNames(bytes)));
    return out;
  };
  for (const entry of Object.values(merged)) {
    const withFiles = entry as { fileDescriptorProtos?: Buffer[] };
    if (Array.isArray(withFiles.fileDescriptorProtos)) withFiles.fileDescriptorProtos = withFiles.fileDescriptorProtos.map(fix);
  }
  return merged;
}

interface FieldProto {
  name: string;
  typeName?: string;
}
interface MessageProto {
  name: string;
  field: FieldProto[];
  nestedType: MessageProto[];
  options?: { mapEntry?: boolean } | null;
}

const { FileDescriptorProto } = descriptorExt;

/** Renames every map entry type to protoc's `<FieldInCamelCase>Entry` and points its field at it. */
function fixMapEntryNames(bytes: Buffer): Buffer {
  const file = FileDescriptorProto.decode(bytes) as unknown as { package?: string; messageType: MessageProto[] };
  const scope = file.package ? `.${file.package}` : '';
  for (const message of file.messageType) fixMessage(message, scope);
  return Buffer.from(FileDescriptorProto.encode(FileDescriptorProto.fromObject(file)).finish());
}

function fixMessage(message: MessageProto, scope: string): void {
  const fullName = `${scope}.${message.name}`;
  for (const nested of message.nestedType) {
    if (!nested.options?.mapEntry) {
      fixMessage(nested, fullName);
      continue;
    }
    const field = message.field.find((f) => f.typeName === nested.name || f.typeName === `${fullName}.${nested.name}`);
    if (!field) continue;
    nested.name = mapEntryName(field.name);
    field.typeName = `${fullName}.${nested.name}`;
  }
}

/** protobuf-go's rule (internal/strs.MapEntryName): `node_selector` → `NodeSelectorEntry`. */
function mapEntryName(fieldName: string): string {
  return fieldName.replace(/(?:^|_)([a-z])?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')) + 'Entry';
}
