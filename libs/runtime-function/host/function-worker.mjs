// One thread of the function host's pool: loads the handler once, then runs invocations one
// at a time. A JavaScript module's export is called as handler(input, ctx); a Wasm module's
// export is called through the ABI in the package README, with a fresh WASI instance per
// invocation.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { WASI } from 'node:wasi';
import { parentPort, workerData } from 'node:worker_threads';

const { kind, modulePath, exportName, env } = workerData;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const describe = (err) => ({
  name: err instanceof Error ? err.name : 'Error',
  message: err instanceof Error ? err.message : String(err),
});

async function loadJs() {
  const mod = await import(pathToFileURL(modulePath).href);
  const fn = typeof mod[exportName] === 'function' ? mod[exportName] : mod.default?.[exportName];
  if (typeof fn !== 'function') throw new Error(`the module exports no function "${exportName}"`);
  return (input, ctx) => fn(input, ctx);
}

async function loadWasm() {
  const module = await WebAssembly.compile(readFileSync(modulePath));
  const exported = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  for (const name of [exportName, 'memory', 'alloc']) {
    if (!exported.has(name)) throw new Error(`the module exports no "${name}" (see the function Wasm ABI)`);
  }
  return (input) => {
    const wasi = new WASI({ version: 'preview1', args: [], env: env ?? {}, returnOnExit: true });
    const instance = new WebAssembly.Instance(module, wasi.getImportObject());
    if (typeof instance.exports._initialize === 'function') wasi.initialize(instance);
    const { memory, alloc } = instance.exports;
    const bytes = encoder.encode(JSON.stringify(input ?? null));
    const ptr = alloc(bytes.length);
    new Uint8Array(memory.buffer, ptr, bytes.length).set(bytes);
    const packed = BigInt.asUintN(64, BigInt(instance.exports[exportName](ptr, bytes.length)));
    const outPtr = Number(packed >> 32n);
    const outLen = Number(packed & 0xffffffffn);
    const text = decoder.decode(new Uint8Array(memory.buffer, outPtr, outLen));
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };
}

let call;
try {
  call = kind === 'wasm' ? await loadWasm() : await loadJs();
} catch (err) {
  parentPort.postMessage({ type: 'load-error', error: describe(err) });
}

if (call) {
  parentPort.on('message', async (msg) => {
    if (msg.type !== 'invoke') return;
    const ctx = { invocationId: msg.invocationId, attempt: msg.attempt, idempotencyKey: msg.idempotencyKey };
    const started = performance.now();
    let result;
    try {
      const output = await call(msg.input, ctx);
      const json = JSON.stringify(output);
      result = { type: 'result', id: msg.id, ok: true, output: json === undefined ? null : JSON.parse(json) };
    } catch (err) {
      result = { type: 'result', id: msg.id, ok: false, error: { ...describe(err), code: 'HandlerError' } };
    }
    result.durationMs = performance.now() - started;
    parentPort.postMessage(result);
  });
  parentPort.postMessage({ type: 'ready' });
}
