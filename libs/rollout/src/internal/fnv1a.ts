/**
 * Small non-cryptographic hashes in plain JS (this library is `scope:pure`: no `node:crypto`).
 * FNV-1a over the UTF-8 bytes of a string, in 32-bit and 64-bit widths, and MurmurHash3's
 * 32-bit finaliser to spread FNV's weak low bits when a hash picks a bucket.
 */

const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;
const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;

/** FNV-1a, 32 bits, over the UTF-8 encoding of `text`: an unsigned 32-bit integer. */
export function fnv1a32(text: string): number {
  let h = FNV32_OFFSET;
  forEachUtf8Byte(text, (byte) => {
    h = Math.imul(h ^ byte, FNV32_PRIME);
  });
  return h >>> 0;
}

/** FNV-1a, 64 bits, over the UTF-8 encoding of `text`: 16 lower-case hex digits. */
export function fnv1a64(text: string): string {
  let h = FNV64_OFFSET;
  forEachUtf8Byte(text, (byte) => {
    h = ((h ^ BigInt(byte)) * FNV64_PRIME) & MASK64;
  });
  return h.toString(16).padStart(16, '0');
}

/** MurmurHash3's fmix32: every input bit affects every output bit (avalanche). */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** UTF-8 without TextEncoder, so the hash is the same on any JS runtime. Lone surrogates → U+FFFD. */
function forEachUtf8Byte(text: string, emit: (byte: number) => void): void {
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      } else {
        cp = 0xfffd;
      }
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      cp = 0xfffd;
    }
    if (cp < 0x80) {
      emit(cp);
    } else if (cp < 0x800) {
      emit(0xc0 | (cp >> 6));
      emit(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      emit(0xe0 | (cp >> 12));
      emit(0x80 | ((cp >> 6) & 0x3f));
      emit(0x80 | (cp & 0x3f));
    } else {
      emit(0xf0 | (cp >> 18));
      emit(0x80 | ((cp >> 12) & 0x3f));
      emit(0x80 | ((cp >> 6) & 0x3f));
      emit(0x80 | (cp & 0x3f));
    }
  }
}
