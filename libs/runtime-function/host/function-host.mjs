// The function host: one per function instance, started by the function driver as
//   node function-host.mjs CONFIG.json
// inside bubblewrap (no network; it sees /usr, these scripts, the handler's source read-only
// and its socket directory read-write). It warms one worker thread with the handler loaded,
// opens its socket, and warms the rest of the pool of `concurrency` threads in the background
// while it serves invocations as newline-delimited JSON frames on a Unix
// socket (see frame-codec.mjs). Exit 70 with a "mosaic-function:" line when the handler cannot
// be loaded; SIGTERM lets running invocations finish, then exits.
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { Worker } from 'node:worker_threads';
import { encodeFrame, FrameDecoder } from './frame-codec.mjs';
import { WorkerPool } from './worker-pool.mjs';

const EX_SOFTWARE = 70;
const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const log = (message) => process.stderr.write(`mosaic-function: ${message}\n`);

const pool = new WorkerPool({
  size: config.concurrency,
  spawn: () => new Worker(new URL('./function-worker.mjs', import.meta.url), {
    workerData: { kind: config.kind, modulePath: config.modulePath, exportName: config.exportName, env: config.env },
    env: { ...config.env },
    resourceLimits: config.resourceLimits,
  }),
  onReplace: (reason) => log(`worker thread replaced (${reason})`),
});

// One warm thread is enough to answer (and serve) — the socket opens then, and the other
// `concurrency - 1` threads warm up in the background (invocations queue for a free thread).
const loadFailed = (err) => {
  log(`cannot load the handler ${config.handler}: ${err.message}`);
  process.exit(EX_SOFTWARE);
};
try {
  await pool.startOne();
} catch (err) {
  loadFailed(err);
}

const connections = new Set();
const server = createServer((socket) => {
  connections.add(socket);
  const decoder = new FrameDecoder();
  const reply = (frame) => {
    if (!socket.destroyed) socket.write(encodeFrame(frame));
  };
  socket.on('data', (chunk) => {
    let frames;
    try {
      frames = decoder.push(chunk);
    } catch (err) {
      log(`dropping a connection: ${err.message}`);
      socket.destroy();
      return;
    }
    for (const frame of frames) {
      if (frame.ping) {
        reply({ id: frame.id, ok: true, output: { threads: pool.threads, inFlight: pool.inFlight, queued: pool.queued }, durationMs: 0 });
      } else {
        void pool.run(frame).then(reply);
      }
    }
  });
  socket.on('error', () => undefined);
  socket.on('close', () => connections.delete(socket));
});

rmSync(config.socketPath, { force: true });
server.listen(config.socketPath, () => {
  log(`ready: 1 warm worker thread for ${config.handler}; warming ${config.concurrency - 1} more`);
  pool.fill().then(() => log(`${config.concurrency} warm worker thread(s) for ${config.handler}`), loadFailed);
});

process.on('SIGTERM', () => {
  server.close();
  const poll = setInterval(() => {
    if (pool.inFlight > 0 || pool.queued > 0) return;
    clearInterval(poll);
    for (const socket of connections) socket.end();
    void pool.close().then(() => process.exit(0));
  }, 50);
});
