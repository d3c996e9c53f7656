import { INSTANCE_KIND, type InstanceObject } from '@mosaic/api';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentTestbed } from './support/agent-testbed.js';
import { freePort, httpGet, instanceObject, readInstance, serviceTemplate, template, uniqueName, wasmTemplate } from './support/instances.js';
import { eventually, isAlive, pidsWith } from './support/wait.js';

/** The pid the agent persisted for an instance (what adoption uses). */
function recordedPid(stateDir: string, namespace: string, name: string): number | undefined {
  try {
    const file = JSON.parse(readFileSync(join(stateDir, 'records', namespace, `${name}.json`), 'utf8')) as { record: { process?: { pid: number } } };
    return file.record.process?.pid;
  } catch {
    return undefined;
  }
}

describe('agents: delivering Instances to agents', function () {
  this.timeout(90_000);
  let bed: AgentTestbed;
  const ns = uniqueName('deliver');

  beforeEach(async () => {
    bed = await new AgentTestbed().start();
  });
  afterEach(async () => {
    await bed.close();
  });

  const waitForInstance = (name: string, ok: (i: InstanceObject) => boolean, what: string, timeoutMs = 20_000) =>
    eventually(
      async () => {
        const i = await readInstance(bed.store, ns, name);
        return i && ok(i) ? i : undefined;
      },
      timeoutMs,
      async () => `${what}; instance: ${JSON.stringify((await readInstance(bed.store, ns, name).catch(() => undefined))?.status)}; agent output:\n${bed.agents.map((a) => a.output()).join('\n')}`,
    );

  it('runs a service Instance, reports it Running, and on delete stops it and releases the finalizer', async () => {
    const node = uniqueName('svc');
    const agent = bed.agent(node);
    await bed.waitForNodeState(node, 'Ready', 15_000, agent);
    const port = await freePort();
    const marker = `marker-${uniqueName('svc')}`;
    const name = uniqueName('web');
    await bed.store.create(instanceObject({ namespace: ns, name, node, workload: 'web', spec: serviceTemplate(port, marker) }));

    const running = await waitForInstance(name, (i) => i.status?.state === 'Running', 'the instance to run');
    assert.equal(running.status!.restarts, 0);
    assert.ok(running.status!.startedAt, 'startedAt is reported');
    assert.match((await httpGet(port)) ?? '', /hello/);
    assert.equal(pidsWith(marker).length >= 1, true);
    const allocated = await bed.api.get(node);
    assert.deepEqual(allocated.allocated, { cpuMillis: '250', memoryBytes: String(32 * 2 ** 20), instances: 1 });

    await bed.store.delete(INSTANCE_KIND, ns, name);
    await eventually(async () => !(await readInstance(bed.store, ns, name)), 20_000, 'the instance to disappear (finalizer removed)');
    await eventually(() => pidsWith(marker).length === 0, 5000, 'the service process to be gone');
    assert.equal(existsSync(join(bed.agentStateDir(node), 'records', ns, `${name}.json`)), false, 'the record is removed');
    assert.equal(existsSync(join(bed.agentStateDir(node), 'instances', ns, name)), false, 'the instance dir is removed');
  });

  it('runs a Wasm module to completion (Succeeded, exit code 0) and serves its output over LogService', async function () {
    const node = uniqueName('wasm');
    const agent = bed.agent(node);
    const ready = await bed.waitForNodeState(node, 'Ready', 15_000, agent);
    assert.ok(ready.status!.runtimes.includes('wasm'), `wasm runtime unavailable on ${node}: tools/setup.sh installs bubblewrap`);
    const name = uniqueName('hello');
    await bed.store.create(instanceObject({ namespace: ns, name, node, workload: 'hello', spec: wasmTemplate() }));
    const done = await waitForInstance(name, (i) => i.status?.state === 'Succeeded', 'the module to succeed');
    assert.equal(done.status!.exitCode, 0);
    const output = await bed.api.tail({ namespace: ns, instance: name });
    assert.match(output, /hello, agent-test/);
    assert.equal(await bed.api.tail({ namespace: ns, instance: name, tailLines: 1 }), 'hello from a preopened, read-only directory\n');
  });

  it('reports restarts of a crashing service, and a runtime the node lacks as Failed', async () => {
    const node = uniqueName('crash');
    const agent = bed.agent(node);
    await bed.waitForNodeState(node, 'Ready', 15_000, agent);
    const crash = uniqueName('crash');
    await bed.store.create(
      instanceObject({ namespace: ns, name: crash, node, workload: 'crash', spec: template({ runtime: 'service', service: { command: ['sh', '-c', 'echo boom; exit 3'] } }) }),
    );
    const restarted = await waitForInstance(crash, (i) => (i.status?.restarts ?? 0) >= 2, 'restarts to be reported');
    assert.equal(restarted.status!.exitCode, 3);

    // The agent runs without --allow-bpf: its ebpf driver is registered but unavailable.
    const probe = uniqueName('probe');
    const spec = template({
      runtime: 'ebpf',
      ebpf: { privileged: true, program: { bpftrace: 'tracepoint:syscalls:sys_enter_openat { @opens = count(); }' }, attach: { type: 'tracepoint', target: 'syscalls:sys_enter_openat' } },
    });
    await bed.store.create(instanceObject({ namespace: ns, name: probe, node, workload: 'probe', spec }));
    const failed = await waitForInstance(probe, (i) => i.status?.state === 'Failed', 'the probe instance to fail');
    assert.equal(failed.status!.reason, 'RuntimeUnavailable');
  });

  it('an agent killed with -9 and restarted adopts its running service (no second process) and re-reports it', async () => {
    const node = uniqueName('adopt');
    let agent = bed.agent(node);
    await bed.waitForNodeState(node, 'Ready', 15_000, agent);
    const port = await freePort();
    const marker = `marker-${uniqueName('adopt')}`;
    const name = uniqueName('web');
    await bed.store.create(instanceObject({ namespace: ns, name, node, workload: 'web', spec: serviceTemplate(port, marker) }));
    const before = await waitForInstance(name, (i) => i.status?.state === 'Running', 'the instance to run');
    const pid = recordedPid(bed.agentStateDir(node), ns, name);
    assert.ok(pid && isAlive(pid), 'the record names a live process');

    await agent.kill9();
    assert.ok(isAlive(pid), 'the service survives its agent');
    // While the agent is away: one instance is deleted, another is added.
    const gone = uniqueName('gone');
    const added = uniqueName('added');
    const goneMarker = `marker-${uniqueName('gone')}`;
    agent = bed.agent(node);
    await bed.waitForNodeState(node, 'Ready', 15_000, agent);
    await bed.store.create(instanceObject({ namespace: ns, name: gone, node, workload: 'gone', spec: serviceTemplate(await freePort(), goneMarker) }));
    await waitForInstance(gone, (i) => i.status?.state === 'Running', 'the second instance to run');
    await agent.kill9();
    await bed.store.delete(INSTANCE_KIND, ns, gone);
    await bed.store.create(instanceObject({ namespace: ns, name: added, node, workload: 'added', spec: serviceTemplate(await freePort(), `marker-${uniqueName('added')}`) }));

    agent = bed.agent(node);
    await bed.waitForNodeState(node, 'Ready', 15_000, agent);
    await eventually(async () => !(await readInstance(bed.store, ns, gone)), 20_000, 'the instance deleted meanwhile to be stopped and released');
    assert.equal(pidsWith(goneMarker).length, 0);
    await waitForInstance(added, (i) => i.status?.state === 'Running', 'the instance added meanwhile to run');

    const after = await waitForInstance(name, (i) => i.status!.updatedAt !== before.status!.updatedAt, 'a fresh report of the adopted instance');
    assert.equal(after.status!.state, 'Running');
    assert.equal(after.status!.restarts, 0, 'nothing was restarted');
    assert.equal(recordedPid(bed.agentStateDir(node), ns, name), pid, 'the same process, adopted');
    assert.deepEqual(pidsWith(marker).filter((p) => p !== pid && !inGroup(p, pid)), [], 'no second copy');
    assert.match((await httpGet(port)) ?? '', /hello/);
  });
});

/** Whether `candidate` is in the process group `leader` leads (the exit shim leads, the service is its child). */
function inGroup(candidate: number, leader: number): boolean {
  try {
    const stat = readFileSync(`/proc/${candidate}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[2]) === leader; // pgid
  } catch {
    return false;
  }
}
