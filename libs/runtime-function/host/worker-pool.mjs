// The warm pool of the function host: `size` worker threads, each with the handler module
// loaded once. One invocation per thread at a time (so `size` = the instance's concurrency);
// more wait in FIFO order. A thread that runs past its invocation's timeout is terminated and
// replaced, as is one that dies (out of memory, process.exit, an uncaught error): only the
// invocation it held fails, the others keep running.
//
// Threads come from `spawn()`, so the logic can be tested with stand-ins; a thread posts
// {type:'ready'} once its module is loaded (or {type:'load-error', error}), then answers each
// {type:'invoke', ...request} with {type:'result', id, ok, output|error, durationMs}.

/** Failure codes; the driver prefixes the job's error message with them. */
export const FailureCode = Object.freeze({
  HandlerError: 'HandlerError',
  DeadlineExceeded: 'DeadlineExceeded',
  OutOfMemory: 'OutOfMemory',
  HandlerExited: 'HandlerExited',
  HandlerCrashed: 'HandlerCrashed',
  InvalidOutput: 'InvalidOutput',
  HostUnavailable: 'HostUnavailable',
});

const seconds = (ms) => `${Math.round(ms / 100) / 10}s`;

export class WorkerPool {
  #spawn;
  #size;
  #slots = [];
  #queue = [];
  #onReplace;
  #closed = false;

  /**
   * @param {{ size: number, spawn: () => any, onReplace?: (reason: string) => void }} options
   */
  constructor(options) {
    this.#spawn = options.spawn;
    this.#size = options.size;
    this.#onReplace = options.onReplace ?? (() => undefined);
  }

  /** Spawns every thread; resolves once all loaded the module, rejects with the first load error. */
  start() {
    return this.#grow(this.#size);
  }

  /**
   * Spawns one thread; resolves once it loaded the module (the pool can serve), rejects with
   * its load error. {@link fill} then adds the others in the background.
   */
  startOne() {
    return this.#grow(Math.min(1, this.#size));
  }

  /** Spawns the threads still missing up to `size`; resolves once they loaded, rejects with the first load error. */
  fill() {
    return this.#grow(this.#size - this.#slots.length);
  }

  #grow(count) {
    return Promise.all(Array.from({ length: Math.max(0, count) }, () => {
      const slot = { worker: undefined, busy: undefined, ready: false };
      this.#slots.push(slot);
      return this.#launch(slot);
    })).then(() => undefined);
  }

  /** Runs one request; always resolves to a response frame. */
  run(request) {
    return new Promise((resolve) => {
      this.#queue.push({ request, resolve });
      this.#dispatch();
    });
  }

  /** Invocations running now / waiting for a thread. */
  get inFlight() {
    return this.#slots.filter((s) => s.busy).length;
  }
  get queued() {
    return this.#queue.length;
  }
  get threads() {
    return this.#slots.length;
  }

  /** Terminates every thread; waiting invocations fail as HostUnavailable. */
  async close() {
    this.#closed = true;
    for (const { request, resolve } of this.#queue.splice(0)) {
      resolve(failure(request.id, FailureCode.HostUnavailable, 'the function host is shutting down', 0));
    }
    await Promise.all(this.#slots.map((s) => s.worker?.terminate()));
  }

  #launch(slot) {
    const worker = this.#spawn();
    slot.worker = worker;
    slot.ready = false;
    return new Promise((resolve, reject) => {
      worker.on('message', (msg) => {
        if (slot.worker !== worker) return;
        if (msg.type === 'ready') {
          slot.ready = true;
          resolve();
          this.#dispatch();
        } else if (msg.type === 'load-error') {
          reject(Object.assign(new Error(msg.error?.message ?? 'the handler module could not be loaded'), { name: msg.error?.name ?? 'Error' }));
        } else if (msg.type === 'result') {
          this.#settle(slot, msg.ok
            ? { id: msg.id, ok: true, output: msg.output ?? null, durationMs: msg.durationMs }
            : { id: msg.id, ok: false, error: msg.error, durationMs: msg.durationMs });
        }
      });
      worker.on('error', (err) => {
        if (slot.worker !== worker) return;
        if (!slot.ready) {
          reject(err);
          return;
        }
        const oom = err?.code === 'ERR_WORKER_OUT_OF_MEMORY';
        this.#fail(slot, oom ? FailureCode.OutOfMemory : FailureCode.HandlerCrashed,
          oom ? `handler exhausted its memory limit (${err.message})` : `handler crashed its worker: ${err?.message ?? err}`);
      });
      worker.on('exit', (code) => {
        if (slot.worker !== worker) return;
        if (!slot.ready) {
          reject(new Error(`worker exited with code ${code} while loading the handler`));
          return;
        }
        this.#fail(slot, FailureCode.HandlerExited, `handler ended its worker thread (exit code ${code})`);
      });
    });
  }

  #dispatch() {
    for (const slot of this.#slots) {
      if (this.#queue.length === 0) return;
      if (!slot.ready || slot.busy) continue;
      const { request, resolve } = this.#queue.shift();
      const startedAt = performance.now();
      const timer = setTimeout(() => this.#fail(slot, FailureCode.DeadlineExceeded, `handler ran past ${seconds(request.timeoutMs)}`), request.timeoutMs);
      slot.busy = { request, resolve, startedAt, timer };
      slot.worker.postMessage({ type: 'invoke', ...request });
    }
  }

  #settle(slot, response) {
    const busy = slot.busy;
    if (!busy || busy.request.id !== response.id) return;
    clearTimeout(busy.timer);
    slot.busy = undefined;
    busy.resolve(response);
    this.#dispatch();
  }

  /** The slot's invocation (if any) fails with `code`; its thread is replaced. */
  #fail(slot, code, message) {
    const busy = slot.busy;
    if (busy) {
      clearTimeout(busy.timer);
      slot.busy = undefined;
      busy.resolve(failure(busy.request.id, code, message, performance.now() - busy.startedAt));
    }
    const old = slot.worker;
    slot.worker = undefined;
    slot.ready = false;
    void old?.terminate();
    if (this.#closed) return;
    this.#onReplace(`${code}: ${message}`);
    this.#launch(slot).catch((err) => this.#onReplace(`replacement thread failed to load: ${err.message}`));
  }
}

function failure(id, code, message, durationMs) {
  return { id, ok: false, error: { name: code, message, code }, durationMs };
}
