// A control plane in its own process, so a test can kill -9 it: `node --import tsx
// control-plane-host.ts STATE_DIR HOST:PORT HEARTBEAT_SECONDS`. It prints `listening ADDR`,
// then answers one JSON command per stdin line ({ id, op, args }) with one JSON line
// ({ id, value } or { id, error }): store operations the test needs while the reconciler is
// off (it creates and deletes Instances itself, as the reconciler would).
import { INSTANCE_KIND, NODE_KIND, type InstanceObject } from '@mosaic/api';
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { startControlPlane } from '../../../src/index.js';

const [stateDir, listen, heartbeat] = process.argv.slice(2);
const cp = await startControlPlane({
  stateDir: stateDir!,
  listen: listen!,
  nodeHeartbeatTimeoutSeconds: Number(heartbeat ?? 2),
  reconcile: false,
  logger: pino({ level: process.env['MOSAIC_TEST_LOG_LEVEL'] ?? 'silent' }),
});
process.stdout.write(`listening ${cp.address}\n`);

type Command = { id: number; op: 'create' | 'delete' | 'get' | 'node'; args: Record<string, unknown> };
const ops: Record<Command['op'], (args: Record<string, unknown>) => Promise<unknown>> = {
  create: (a) => cp.store.create(a['object'] as InstanceObject),
  delete: (a) => cp.store.delete(INSTANCE_KIND, a['namespace'] as string, a['name'] as string),
  get: async (a) => cp.store.get(INSTANCE_KIND, a['namespace'] as string, a['name'] as string).catch(() => null),
  node: async (a) => cp.store.get(NODE_KIND, '', a['name'] as string).catch(() => null),
};
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const cmd = JSON.parse(line) as Command;
  try {
    process.stdout.write(JSON.stringify({ id: cmd.id, value: (await ops[cmd.op](cmd.args)) ?? null }) + '\n');
  } catch (err) {
    process.stdout.write(JSON.stringify({ id: cmd.id, error: (err as Error).message }) + '\n');
  }
}
await cp.stop();
