// Runs one WASI (preview1) module; started by the wasm driver as
//   node wasi-runner.mjs CONFIG.json
// inside bubblewrap (where it sees only /usr, itself, the module, the config and the
// preopened directories) or, when the operator allowed it, unsandboxed.
//
// The module sees exactly the args, env and preopens of the config: node:wasi gets them and
// nothing else (this process itself runs with an empty environment). Its memory maximum was
// already capped by the driver, which rewrote the module; imported memories are created here
// with the capped limits. Exit status: the module's own (proc_exit or _start's return), or
// 70 with a "mosaic-wasi:" line on stderr when the module could not be run or trapped.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const EX_SOFTWARE = 70;

function fail(message) {
  process.stderr.write(`mosaic-wasi: ${message}\n`);
  process.exit(EX_SOFTWARE);
}

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));

let module;
try {
  module = await WebAssembly.compile(readFileSync(config.module));
} catch (err) {
  fail(`invalid module: ${err.message}`);
}

const wasi = new WASI({
  version: 'preview1',
  args: config.args,
  env: config.env,
  preopens: config.preopens,
  returnOnExit: true,
});
const imports = wasi.getImportObject();
const importedMemories = [];
for (const m of config.importedMemories ?? []) {
  const memory = new WebAssembly.Memory({ initial: m.initial, maximum: m.maximum, shared: m.shared });
  imports[m.module] = { ...(imports[m.module] ?? {}), [m.name]: memory };
  importedMemories.push(memory);
}

let instance;
try {
  instance = await WebAssembly.instantiate(module, imports);
} catch (err) {
  fail(`cannot instantiate the module: ${err.message}`);
}

// node:wasi reads the module's memory from `exports.memory`; a module that imports its memory
// instead is shown to it with that memory added.
const target = instance.exports.memory || importedMemories.length === 0
  ? instance
  : { exports: { ...instance.exports, memory: importedMemories[0] } };

try {
  if (config.export === '_start') {
    process.exitCode = wasi.start(target);
  } else {
    if (typeof instance.exports._initialize === 'function') wasi.initialize(target);
    const fn = instance.exports[config.export];
    if (typeof fn !== 'function') fail(`the module exports no function "${config.export}"`);
    const result = fn();
    process.exitCode = typeof result === 'number' ? result : 0;
  }
} catch (err) {
  const kind = err instanceof WebAssembly.RuntimeError ? 'trap' : 'error';
  fail(`${kind}: ${err.message}`);
}
