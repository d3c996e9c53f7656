import type { FieldViolation } from '@mosaic/api';
import { WIRE, WIRE_TYPE_NAMES, type WireField, type WireMessage } from './wire-schema.js';

/**
 * Checks an encoded request against its schema before it is decoded, the protobuf analogue
 * of strict field validation for YAML:
 * - a field number the schema lacks is reported (protobuf would silently drop it, and the
 *   client would believe a setting was applied that the server never saw);
 * - a field sent with the wrong wire type (a string where an int32 belongs) is reported
 *   instead of being decoded into garbage;
 * - truncated or malformed input is reported instead of failing deep in the decoder.
 * Paths are relative to the request, e.g. `workload.spec.service.ports[1].port`.
 */
export function checkWire(bytes: Uint8Array, schema: WireMessage): FieldViolation[] {
  const out: FieldViolation[] = [];
  walk(bytes, 0, bytes.length, schema, '', out);
  return out;
}

class Malformed extends Error {}

function readVarint(bytes: Uint8Array, pos: number, end: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw new Malformed('truncated varint');
    const b = bytes[pos++]!;
    // Multiplication instead of shifts keeps 53 bits exact; larger values only matter as lengths, which are bounded anyway.
    value += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return [value, pos];
  }
  throw new Malformed('varint longer than 10 bytes');
}

function join(parent: string, name: string): string {
  return parent ? `${parent}.${name}` : name;
}

function walk(bytes: Uint8Array, start: number, end: number, schema: WireMessage, path: string, out: FieldViolation[]): void {
  const seen = new Map<number, number>();
  let pos = start;
  try {
    while (pos < end) {
      const [tag, afterTag] = readVarint(bytes, pos, end);
      const number = Math.floor(tag / 8);
      const wireType = tag % 8;
      if (number === 0) throw new Malformed('field number 0');
      let payloadStart = afterTag;
      let next: number;
      switch (wireType) {
        case WIRE.VARINT:
          next = readVarint(bytes, afterTag, end)[1];
          break;
        case WIRE.I64:
          next = afterTag + 8;
          break;
        case WIRE.I32:
          next = afterTag + 4;
          break;
        case WIRE.LEN: {
          const [length, afterLength] = readVarint(bytes, afterTag, end);
          payloadStart = afterLength;
          next = afterLength + length;
          break;
        }
        default:
          throw new Malformed(`unsupported wire type ${wireType} (${WIRE_TYPE_NAMES[wireType] ?? 'invalid'})`);
      }
      if (next > end) throw new Malformed(`field ${number} runs past the end of its message`);
      pos = next;

      const field = schema.fields.get(number);
      if (!field) {
        out.push({ path: path || '(request)', message: `unknown field number ${number} (sent as ${WIRE_TYPE_NAMES[wireType]}); ${schema.fullName} has no such field — remove it, or upgrade the control plane` });
        continue;
      }
      const index = seen.get(number) ?? 0;
      seen.set(number, index + 1);
      const fieldPath = schema.isMapEntry ? path : fieldPathOf(path, field, index);
      if (!field.wireTypes.has(wireType)) {
        const what = schema.isMapEntry ? ` as the map's ${field.name}` : field.repeated ? ' (repeated)' : '';
        out.push({ path: fieldPath, message: `wrong type: expected ${field.protoType}${what}, got a ${WIRE_TYPE_NAMES[wireType]} value` });
      } else if (field.message && wireType === WIRE.LEN) {
        walk(bytes, payloadStart, next, field.message, fieldPath, out);
      }
    }
  } catch (err) {
    if (!(err instanceof Malformed)) throw err;
    out.push({ path: path || '(request)', message: `malformed protobuf: ${err.message}` });
  }
}

/** Repeated fields get an index; map entries read as the map itself (`metadata.labels`). */
function fieldPathOf(parent: string, field: WireField, index: number): string {
  const base = join(parent, field.name);
  return field.repeated && !field.isMap ? `${base}[${index}]` : base;
}
