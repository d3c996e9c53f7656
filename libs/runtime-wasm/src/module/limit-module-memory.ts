import { InvalidWasmModuleError } from '../errors/invalid-wasm-module-error.js';
import { MemoryLimitExceededError } from '../errors/memory-limit-exceeded-error.js';
import { encodeLimits, encodeUleb, LIMITS_64, LIMITS_SHARED, readLimits, WasmReader, type Limits } from './wasm-bytes.js';

/** One linear memory of a module, after {@link limitModuleMemory}. */
export interface ModuleMemory {
  /** Memory index: imported memories first, in import order. */
  index: number;
  /** Set for an imported memory: the host (the runner) must create it with these limits. */
  import?: { module: string; name: string };
  /** Initial size in 64 KiB pages. */
  initial: number;
  /** Maximum in pages after the rewrite: never above the limit. */
  maximum: number;
  /** Maximum as the module declared it (undefined: none, i.e. up to 4 GiB). */
  declaredMaximum?: number;
  shared: boolean;
  memory64: boolean;
}

export interface LimitedModule {
  bytes: Uint8Array;
  memories: ModuleMemory[];
  /** False when every memory already had a maximum within the limit (bytes are the input). */
  changed: boolean;
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const SECTION_IMPORT = 2;
const SECTION_MEMORY = 5;
const IMPORT_FUNC = 0x00;
const IMPORT_TABLE = 0x01;
const IMPORT_MEMORY = 0x02;
const IMPORT_GLOBAL = 0x03;
const IMPORT_TAG = 0x04;

/**
 * Caps every linear memory of a WebAssembly module at `maxPages` 64 KiB pages by rewriting
 * the `limits` of its memory section and of imported memories: a missing or larger maximum
 * becomes `maxPages`, a smaller one stays. The engine then refuses `memory.grow` beyond the
 * cap — inside the module, where `malloc` returns NULL and the program can fail cleanly —
 * long before the host runs out of memory.
 *
 * Example: clang's output for a C program declares `(memory 2)` (2 pages, no maximum = up to
 * 4 GiB); with `maxPages` 32 it becomes `(memory 2 32)` and a `malloc` loop gets at most
 * 30 × 64 KiB. A module declaring `(memory 64)` with `maxPages` 32 cannot even start:
 * {@link MemoryLimitExceededError}.
 *
 * Only the memory limits change; every other byte, section order and custom section is kept,
 * and section sizes are re-encoded because LEB128 lengths may change.
 * @throws InvalidWasmModuleError when the bytes are not a module this can parse.
 * @throws MemoryLimitExceededError when a memory's initial size is above `maxPages`.
 */
export function limitModuleMemory(module: Uint8Array, maxPages: number): LimitedModule {
  if (!Number.isInteger(maxPages) || maxPages < 0) throw new RangeError(`maxPages must be a non-negative integer, got ${maxPages}`);
  if (module.length < 8 || MAGIC.some((b, i) => module[i] !== b)) throw new InvalidWasmModuleError('not a WebAssembly module (bad magic number)');
  const version = module[4]! | (module[5]! << 8) | (module[6]! << 16) | (module[7]! << 24);
  if (version !== 1) throw new InvalidWasmModuleError(`unsupported WebAssembly binary version ${version} (a component?); only core modules (version 1) run`);

  const memories: ModuleMemory[] = [];
  const out: Uint8Array[] = [module.subarray(0, 8)];
  let changed = false;
  const r = new WasmReader(module, 8);
  while (!r.done) {
    const sectionStart = r.pos;
    const id = r.byte();
    const size = r.uleb();
    const start = r.pos;
    const content = r.take(size);
    if (id !== SECTION_IMPORT && id !== SECTION_MEMORY) {
      out.push(module.subarray(sectionStart, start + size));
      continue;
    }
    const rewritten = new SectionRewriter(module, start, start + size);
    if (id === SECTION_IMPORT) rewriteImports(rewritten, memories, maxPages);
    else rewriteMemories(rewritten, memories, maxPages);
    const body = rewritten.finish();
    changed ||= rewritten.changed;
    out.push(Uint8Array.from([id, ...encodeUleb(body.length)]), rewritten.changed ? body : content);
  }
  if (!changed) return { bytes: module, memories, changed };
  return { bytes: concat(out), memories, changed };
}

/** Copies a section through, replacing the byte ranges of memory limits. */
class SectionRewriter {
  readonly reader: WasmReader;
  private readonly parts: Uint8Array[] = [];
  private copiedUpTo: number;
  changed = false;

  constructor(private readonly bytes: Uint8Array, start: number, private readonly end: number) {
    this.reader = new WasmReader(bytes, start, end);
    this.copiedUpTo = start;
  }

  /** Reads limits at the cursor and lets `cap` decide their replacement. */
  limits(cap: (limits: Limits) => Limits): Limits {
    const from = this.reader.pos;
    const old = readLimits(this.reader);
    const capped = cap(old);
    if (capped.max !== old.max) {
      this.parts.push(this.bytes.subarray(this.copiedUpTo, from), Uint8Array.from(encodeLimits(capped)));
      this.copiedUpTo = this.reader.pos;
      this.changed = true;
    }
    return old;
  }

  finish(): Uint8Array {
    if (this.reader.pos !== this.end) throw new InvalidWasmModuleError(`section has ${this.end - this.reader.pos} unexpected trailing bytes`);
    return concat([...this.parts, this.bytes.subarray(this.copiedUpTo, this.end)]);
  }
}

function capMemory(memories: ModuleMemory[], maxPages: number, imported?: ModuleMemory['import']) {
  return (limits: Limits): Limits => {
    const index = memories.length;
    const what = imported ? `imported memory ${imported.module}.${imported.name}` : `memory ${index}`;
    if (limits.min > maxPages) throw new MemoryLimitExceededError(limits.min, maxPages, `the module's ${what}`);
    const maximum = limits.max === undefined ? maxPages : Math.min(limits.max, maxPages);
    memories.push({
      index,
      ...(imported ? { import: imported } : {}),
      initial: limits.min,
      maximum,
      declaredMaximum: limits.max,
      shared: (limits.flags & LIMITS_SHARED) !== 0,
      memory64: (limits.flags & LIMITS_64) !== 0,
    });
    return { ...limits, max: maximum };
  };
}

function rewriteMemories(s: SectionRewriter, memories: ModuleMemory[], maxPages: number): void {
  const count = s.reader.uleb();
  for (let i = 0; i < count; i++) s.limits(capMemory(memories, maxPages));
}

function rewriteImports(s: SectionRewriter, memories: ModuleMemory[], maxPages: number): void {
  const r = s.reader;
  const count = r.uleb();
  for (let i = 0; i < count; i++) {
    const module = r.name();
    const name = r.name();
    const kind = r.byte();
    switch (kind) {
      case IMPORT_FUNC:
        r.uleb();
        break;
      case IMPORT_TABLE:
        skipValType(r);
        readLimits(r);
        break;
      case IMPORT_MEMORY:
        s.limits(capMemory(memories, maxPages, { module, name }));
        break;
      case IMPORT_GLOBAL:
        skipValType(r);
        r.byte();
        break;
      case IMPORT_TAG:
        r.byte();
        r.uleb();
        break;
      default:
        throw new InvalidWasmModuleError(`unsupported import kind 0x${kind.toString(16)} for ${module}.${name}`);
    }
  }
}

/** A value or reference type: one byte, or `ref`/`ref null` followed by a heap type (s33). */
function skipValType(r: WasmReader): void {
  const b = r.byte();
  if (b === 0x63 || b === 0x64) {
    while (r.byte() & 0x80) {
      // continuation bytes of the heap type
    }
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
