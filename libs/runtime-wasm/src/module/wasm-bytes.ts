import { InvalidWasmModuleError } from '../errors/invalid-wasm-module-error.js';

/** A cursor over WebAssembly binary data: bytes, unsigned LEB128 integers, names. */
export class WasmReader {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
    readonly end = bytes.length,
  ) {}

  get done(): boolean {
    return this.pos >= this.end;
  }

  byte(): number {
    if (this.pos >= this.end) throw new InvalidWasmModuleError(`unexpected end of module at byte ${this.pos}`);
    return this.bytes[this.pos++]!;
  }

  /** Unsigned LEB128 of up to `bits` bits, as a number (exact up to 2^53). */
  uleb(bits: 32 | 64 = 32): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < Math.ceil(bits / 7); i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new InvalidWasmModuleError(`LEB128 integer longer than ${bits} bits at byte ${this.pos}`);
  }

  take(n: number): Uint8Array {
    if (this.pos + n > this.end) throw new InvalidWasmModuleError(`unexpected end of module at byte ${this.pos}`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  name(): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.take(this.uleb()));
  }
}

/** Unsigned LEB128 encoding of a non-negative integer. */
export function encodeUleb(value: number): number[] {
  const out: number[] = [];
  let v = value;
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) b |= 0x80;
    out.push(b);
  } while (v > 0);
  return out;
}

/** `limits` flag bits (core spec + threads + memory64). */
export const LIMITS_HAS_MAX = 0x01;
export const LIMITS_SHARED = 0x02;
export const LIMITS_64 = 0x04;

export interface Limits {
  flags: number;
  min: number;
  max?: number;
}

export function readLimits(r: WasmReader): Limits {
  const flags = r.byte();
  if (flags & ~(LIMITS_HAS_MAX | LIMITS_SHARED | LIMITS_64)) {
    throw new InvalidWasmModuleError(`unsupported limits flags 0x${flags.toString(16)} at byte ${r.pos - 1}`);
  }
  const bits = flags & LIMITS_64 ? 64 : 32;
  const min = r.uleb(bits);
  const max = flags & LIMITS_HAS_MAX ? r.uleb(bits) : undefined;
  return { flags, min, max };
}

export function encodeLimits(limits: Limits): number[] {
  const flags = limits.max === undefined ? limits.flags & ~LIMITS_HAS_MAX : limits.flags | LIMITS_HAS_MAX;
  return [flags, ...encodeUleb(limits.min), ...(limits.max === undefined ? [] : encodeUleb(limits.max))];
}
