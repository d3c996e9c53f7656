import { status, type ServiceError } from '@grpc/grpc-js';
import type { pb } from '@mosaic/proto';
import assert from 'node:assert/strict';
import { expectStatus } from '../support/grpc-client.js';
import { AgentTestbed } from './support/agent-testbed.js';
import { instanceObject, readInstance, template, uniqueName } from './support/instances.js';
import { eventually } from './support/wait.js';

/** A service printing `tick N` ten times a second. */
const ticker = () => template({ runtime: 'service', service: { command: ['node', '-e', 'let i = 0; setInterval(() => console.log(`tick ${i++}`), 100)'] } });

const highestTick = (text: string) => Math.max(-1, ...[...text.matchAll(/tick (\d+)/g)].map((m) => Number(m[1])));

describe('agents: LogService relays instance output from the agents', function () {
  this.timeout(60_000);
  let bed: AgentTestbed;
  let node: string;
  const ns = uniqueName('logs');

  before(async () => {
    bed = await new AgentTestbed().start();
    node = uniqueName('logs');
    const agent = bed.agent(node);
    await bed.waitForNodeState(node, 'Ready', 15_000, agent);
  });
  after(async () => {
    await bed.close();
  });

  const running = (name: string) =>
    eventually(async () => (await readInstance(bed.store, ns, name))?.status?.state === 'Running', 20_000, `${name} to run`);

  it('tails an instance, follows new output, and merges a workload’s instances labelled by instance', async () => {
    await bed.controlPlane.workloads.apply({ apiVersion: 'mosaic.dev/v1', kind: 'Workload', metadata: { name: 'tick', namespace: ns }, spec: ticker() });
    const [a, b] = [uniqueName('tick-a'), uniqueName('tick-b')];
    for (const name of [a, b]) await bed.store.create(instanceObject({ namespace: ns, name, node, workload: 'tick', spec: ticker() }));
    await running(a);
    await running(b);
    await eventually(async () => highestTick(await bed.api.tail({ namespace: ns, instance: a })) >= 3, 10_000, 'some output');

    assert.match(await bed.api.tail({ namespace: ns, instance: a, tailLines: 2 }), /^tick \d+\ntick \d+\n$/);
    assert.equal((await bed.api.tail({ namespace: ns, instance: a, tailBytes: 0 })), '');

    // Follow: the stream keeps delivering lines written after it started.
    const start = highestTick(await bed.api.tail({ namespace: ns, instance: a }));
    const call = bed.api.logs.tail({ namespace: ns, instance: a, follow: true, tailLines: 0 });
    let followed = '';
    for await (const chunk of call as AsyncIterable<pb.LogChunk__Output>) {
      followed += chunk.data ?? '';
      assert.equal(chunk.instance, a);
      assert.equal(chunk.node, node);
      if (highestTick(followed) >= start + 5) break;
    }
    call.cancel();
    assert.ok(highestTick(followed) >= start + 5);

    // A workload: both instances, each chunk labelled.
    const seen = new Set<string>();
    for await (const chunk of bed.api.logs.tail({ namespace: ns, workload: 'tick', tailLines: 1 }) as AsyncIterable<pb.LogChunk__Output>) seen.add(chunk.instance ?? '');
    assert.deepEqual([...seen].sort(), [a, b].sort());
  });

  it('answers NOT_FOUND, INVALID_ARGUMENT and UNAVAILABLE with messages that say why', async () => {
    await expectStatus(bed.api.tail({ namespace: ns, instance: 'nope' }), status.NOT_FOUND, 'instance "nope" not found');
    await expectStatus(bed.api.tail({ namespace: ns, workload: 'nope' }), status.NOT_FOUND, 'workload "nope" not found');
    await expectStatus(bed.api.tail({ namespace: ns }), status.INVALID_ARGUMENT, 'exactly one of workload and instance');
    // An instance on a node no agent serves.
    const orphan = uniqueName('orphan');
    await bed.store.create(instanceObject({ namespace: ns, name: orphan, node: 'no-such-node', workload: 'x', spec: ticker() }));
    const err: ServiceError = await expectStatus(bed.api.tail({ namespace: ns, instance: orphan }), status.UNAVAILABLE);
    assert.match(err.details, /no agent is connected for node no-such-node/);
  });
});
