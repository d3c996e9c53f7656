import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startPrivateRedis, type PrivateRedis } from '@mosaic/queue';
import type { InstanceHandle, InstanceRecord } from '@mosaic/runtime';
import { FunctionRuntime } from '../src/index.js';
import { functionInstance, Producer, scratch, until, untilRunning } from './helpers.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const handlers = resolve(here, 'fixtures/handlers.mjs');
const child = resolve(here, 'fixtures/agent-child.ts');

describe('function runtime: kill -9 of the agent (real processes, real Redis)', function () {
  this.timeout(90_000);
  let area: ReturnType<typeof scratch>;
  let redis: PrivateRedis;
  let adopted: InstanceHandle | undefined;
  let producer: Producer | undefined;

  before(async () => {
    area = scratch();
    redis = await startPrivateRedis({ dataDir: join(area.root, 'redis') });
  });
  after(async () => {
    await producer?.close();
    await adopted?.stop(2000);
    await redis?.stop();
    area?.cleanup();
  });

  it('the host outlives the agent; the job the dead worker held stalls, and the adopting agent runs it again (at-least-once)', async () => {
    const instance = functionInstance({ source: { path: handlers }, handler: 'handlers.slow', concurrency: 2 });
    const ctx = area.ctx(instance.id);
    const agent = spawn(process.execPath, ['--import', 'tsx', child, redis.url, JSON.stringify(instance), JSON.stringify(ctx)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(createInterface({ input: agent.stdout }), 'line')) as [string];
    const record = JSON.parse(line) as InstanceRecord;
    const hostPid = record.process!.pid;

    producer = new Producer(instance, redis.url);
    const job = await producer.invoke({ ms: 1000, marker: 'RUN' }, { retry: { attempts: 2 } });
    const log = () => readFileSync(join(ctx.logDir, `${instance.id}.log`), 'utf8');
    await until(() => log().includes('started RUN'), 10_000, 'the handler to start in the host');
    agent.kill('SIGKILL');
    await once(agent, 'exit');
    process.kill(hostPid, 0); // throws if the host died with the agent

    // A new agent adopts the host and starts a new worker; BullMQ's stalled check hands the job out again.
    adopted = await new FunctionRuntime({ redisUrl: redis.url, supervision: { exitPollMs: 50 } }).adopt(record, ctx);
    assert.ok(adopted);
    await untilRunning(adopted);
    assert.equal(adopted.pid, hostPid);
    const { state, job: done } = await producer.settle(job, 60_000);
    assert.equal(state, 'completed');
    assert.deepEqual(done.returnvalue.output, { slept: 1000 });
    assert.equal(done.returnvalue.instance, instance.id);
    // The first run finished inside the host although its answer was lost: two side effects.
    assert.equal(readFileSync(adopted.logs.file, 'utf8').match(/late side effect RUN/g)?.length, 2);
  });
});
