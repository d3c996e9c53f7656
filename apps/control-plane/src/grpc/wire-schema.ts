import type { PackageDefinition } from '@grpc/proto-loader';

/** Protobuf wire types (the low three bits of a field tag). */
export const WIRE = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;
export const WIRE_TYPE_NAMES: Record<number, string> = { 0: 'varint', 1: 'fixed64', 2: 'length-delimited', 3: 'group start', 4: 'group end', 5: 'fixed32' };

/** What the wire check needs to know about one field. */
export interface WireField {
  /** camelCase, as in the domain objects and field paths. */
  name: string;
  /** The .proto type, for messages ("int32", "string", "message"). */
  protoType: string;
  /** Wire types a conforming encoder may use (repeated scalars: packed or not). */
  wireTypes: ReadonlySet<number>;
  repeated: boolean;
  /** Set for message fields: the type to check the payload against. */
  message?: WireMessage;
  /** Map fields are repeated entry messages but read as one field in paths. */
  isMap: boolean;
}

export interface WireMessage {
  fullName: string;
  fields: Map<number, WireField>;
  /** A map's entry type: its `key`/`value` fields read as the map itself in paths. */
  isMapEntry: boolean;
}

interface FieldDescriptor {
  name: string;
  number: number;
  label: string;
  type: string;
  typeName: string;
}

interface MessageDescriptor {
  name: string;
  field: FieldDescriptor[];
  nestedType: MessageDescriptor[];
  options?: { mapEntry?: boolean } | null;
}

const SCALAR_WIRE: Record<string, number> = {
  TYPE_INT32: WIRE.VARINT, TYPE_INT64: WIRE.VARINT, TYPE_UINT32: WIRE.VARINT, TYPE_UINT64: WIRE.VARINT,
  TYPE_SINT32: WIRE.VARINT, TYPE_SINT64: WIRE.VARINT, TYPE_BOOL: WIRE.VARINT, TYPE_ENUM: WIRE.VARINT,
  TYPE_FIXED64: WIRE.I64, TYPE_SFIXED64: WIRE.I64, TYPE_DOUBLE: WIRE.I64,
  TYPE_FIXED32: WIRE.I32, TYPE_SFIXED32: WIRE.I32, TYPE_FLOAT: WIRE.I32,
  TYPE_STRING: WIRE.LEN, TYPE_BYTES: WIRE.LEN, TYPE_MESSAGE: WIRE.LEN,
};

/**
 * Builds wire-level schemas from the descriptors proto-loader keeps in a package
 * definition, so the strict request check needs no second copy of the .proto files.
 */
export class WireSchema {
  private readonly messages = new Map<string, WireMessage>();

  constructor(private readonly definition: PackageDefinition) {}

  /** The schema of a message by full name (`mosaic.v1.ApplyRequest`). */
  message(fullName: string): WireMessage {
    const known = this.messages.get(fullName);
    if (known) return known;
    const entry = this.definition[fullName] as { type?: MessageDescriptor } | undefined;
    if (!entry?.type?.field) throw new Error(`no message ${fullName} in the package definition`);
    return this.build(fullName, entry.type);
  }

  private build(fullName: string, descriptor: MessageDescriptor): WireMessage {
    const message: WireMessage = { fullName, fields: new Map(), isMapEntry: descriptor.options?.mapEntry === true };
    // Registered before the fields are built, so recursive types terminate.
    this.messages.set(fullName, message);
    const pkg = fullName.slice(0, fullName.lastIndexOf('.'));
    for (const f of descriptor.field) {
      const repeated = f.label === 'LABEL_REPEATED';
      const wire = SCALAR_WIRE[f.type];
      const wireTypes = new Set<number>(wire === undefined ? [] : [wire]);
      // Repeated scalars may arrive packed (length-delimited) or one by one.
      if (repeated && wire !== undefined && wire !== WIRE.LEN) wireTypes.add(WIRE.LEN);
      let sub: WireMessage | undefined;
      let isMap = false;
      if (f.type === 'TYPE_MESSAGE') {
        const nested = descriptor.nestedType.find((n) => n.name === f.typeName);
        if (nested) {
          sub = this.messages.get(`${fullName}.${nested.name}`) ?? this.build(`${fullName}.${nested.name}`, nested);
          isMap = nested.options?.mapEntry === true;
        } else {
          const name = f.typeName.replace(/^\./, '');
          sub = this.definition[`${pkg}.${name}`] ? this.message(`${pkg}.${name}`) : this.definition[name] ? this.message(name) : undefined;
        }
      }
      message.fields.set(f.number, {
        name: f.name,
        protoType: f.type.replace(/^TYPE_/, '').toLowerCase(),
        wireTypes,
        repeated,
        isMap,
        ...(sub ? { message: sub } : {}),
      });
    }
    return message;
  }
}
