import { status } from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { arch, release } from 'node:os';
import { expectStatus } from '../support/grpc-client.js';
import { AgentTestbed } from './support/agent-testbed.js';
import { uniqueName } from './support/instances.js';
import { eventually } from './support/wait.js';

const AMD64_OR_ARM64: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

describe('agents: registration, Node objects and heartbeats', function () {
  this.timeout(60_000);
  let bed: AgentTestbed;

  beforeEach(async () => {
    bed = await new AgentTestbed().start();
  });
  afterEach(async () => {
    await bed.close();
  });

  it('an agent process registers and its Node appears with the machine facts', async () => {
    const name = uniqueName('reg');
    const agent = bed.agent(name, { labels: 'zone=z1,env=test', extraArgs: ['--capacity-cpu', '3', '--capacity-memory', '2Gi'] });
    const node = await bed.waitForNodeState(name, 'Ready', 15_000, agent);

    assert.deepEqual(node.metadata.labels, { zone: 'z1', env: 'test' });
    assert.equal(node.metadata.namespace, '');
    const s = node.status!;
    assert.equal(s.arch, AMD64_OR_ARM64[arch()] ?? arch());
    assert.equal(s.kernelVersion, release());
    assert.equal(s.btf, existsSync('/sys/kernel/btf/vmlinux'));
    assert.equal(s.canLoadBpf, false, 'not without --allow-bpf');
    assert.ok(s.runtimes.includes('service'), `runtimes: ${s.runtimes.join(',')}`);
    assert.deepEqual(s.capacity, { cpuMillis: 3000, memoryBytes: 2 * 2 ** 30 });
    assert.equal(s.agentVersion, '0.1.0');
    assert.ok(Date.now() - Date.parse(s.lastHeartbeatTime) < 10_000);
    assert.equal(s.conditions?.find((c) => c.type === 'Ready')?.reason, 'AgentRegistered');

    // The same Node through NodeService, as `mosaic nodes` reads it.
    const listed = await bed.api.list('zone=z1');
    assert.deepEqual(listed.items?.map((n) => n.metadata?.name), [name]);
    const got = await bed.api.get(name);
    assert.equal(got.status?.state, 'Ready');
    assert.equal(got.status?.capacity?.cpuMillis, '3000');
    assert.deepEqual(got.allocated, { cpuMillis: '0', memoryBytes: '0', instances: 0 });
    await expectStatus(bed.api.get(uniqueName('missing')), status.NOT_FOUND);
    await expectStatus(bed.api.list('zone in (a'), status.INVALID_ARGUMENT);
  });

  it('heartbeat loss makes the node NotReady within the timeout; a restarted agent makes it Ready again', async () => {
    const name = uniqueName('hb');
    const agent = bed.agent(name);
    await bed.waitForNodeState(name, 'Ready', 15_000, agent);
    // While heartbeats flow the node stays Ready well past the timeout (2 s).
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal((await bed.node(name))?.status?.state, 'Ready');
    const heartbeat = Date.parse((await bed.node(name))!.status!.lastHeartbeatTime);
    assert.ok(Date.now() - heartbeat < 2000, 'lastHeartbeatTime keeps moving');

    await agent.kill9();
    const killedAt = Date.now();
    const notReady = await bed.waitForNodeState(name, 'NotReady', 6000);
    const took = Date.now() - killedAt;
    assert.ok(took < 4000, `NotReady after ${took} ms; timeout is 2 s`);
    const ready = notReady.status!.conditions!.find((c) => c.type === 'Ready')!;
    assert.deepEqual([ready.status, ready.reason], ['False', 'HeartbeatTimeout']);

    const again = bed.agent(name);
    await bed.waitForNodeState(name, 'Ready', 15_000, again);
  });

  it('a second agent under a connected node name is refused; the first keeps the node', async () => {
    const name = uniqueName('dup');
    const first = bed.agent(name, { labels: 'who=first' });
    await bed.waitForNodeState(name, 'Ready', 15_000, first);
    const second = bed.agent(name, { labels: 'who=second', stateDir: `${bed.agentStateDir(name)}-other` });
    await eventually(() => second.output().includes('ALREADY_EXISTS'), 10_000, () => `the second agent to be refused; output:\n${second.output()}`);
    assert.equal((await bed.node(name))?.metadata.labels?.['who'], 'first');
    assert.ok(first.running && second.running, 'the refused agent keeps retrying with back-off');
  });
});
