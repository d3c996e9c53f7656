import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/test-control-plane.js';
import { AgentProcess } from './support/agent-process.js';
import { killInstanceProcesses } from './support/agent-testbed.js';
import { HostedControlPlane } from './support/hosted-control-plane.js';
import { freePort, httpGet, instanceObject, serviceTemplate, uniqueName } from './support/instances.js';
import { eventually, isAlive } from './support/wait.js';

describe('agents: a control plane killed with -9 and restarted', function () {
  this.timeout(90_000);
  const dir = tempDir('mosaic-cp-restart-');
  let host: HostedControlPlane | undefined;
  let agent: AgentProcess | undefined;

  after(async () => {
    await agent?.kill9();
    await host?.kill9();
    killInstanceProcesses(dir.path);
    dir.remove();
  });

  it('the agent reconnects, nothing is restarted, the node never turns NotReady and statuses resume', async () => {
    const stateDir = join(dir.path, 'control-plane');
    const address = `127.0.0.1:${await freePort()}`;
    host = await HostedControlPlane.start(stateDir, address);
    const node = uniqueName('cpr');
    const agentState = join(dir.path, 'agent');
    agent = new AgentProcess({ server: address, nodeName: node, stateDir: agentState });
    const readyNode = await eventually(async () => (await host!.node(node))?.status?.state === 'Ready' && host!.node(node), 15_000, () => `node Ready; agent:\n${agent!.output()}`);
    const readySince = readyNode.status!.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime;

    const ns = uniqueName('cpr');
    const name = uniqueName('web');
    const port = await freePort();
    await host.create(instanceObject({ namespace: ns, name, node, workload: 'web', spec: serviceTemplate(port, `marker-${name}`) }));
    await eventually(async () => (await host!.instance(ns, name))?.status?.state === 'Running', 20_000, 'the service to run');
    const record = () => JSON.parse(readFileSync(join(agentState, 'records', ns, `${name}.json`), 'utf8')) as { record: { process?: { pid: number } } };
    const pid = record().record.process!.pid;

    await host.kill9();
    assert.ok(isAlive(pid), 'instances outlive the control plane');
    assert.ok(agent.running, 'the agent outlives the control plane');
    await new Promise((r) => setTimeout(r, 500));
    host = await HostedControlPlane.start(stateDir, address);
    const restartedAt = Date.now();

    // The agent re-registers (a fresh heartbeat lands in the new control plane's store).
    const rejoined = await eventually(
      async () => {
        const n = await host!.node(node);
        return n && Date.parse(n.status!.lastHeartbeatTime) >= restartedAt - 100 ? n : undefined;
      },
      15_000,
      () => `the agent to re-register; agent:\n${agent!.output()}`,
    );
    assert.equal(rejoined.status!.state, 'Ready');
    assert.equal(rejoined.status!.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime, readySince, 'Ready all along');
    // Past the heartbeat timeout (the grace after a restart) the node is still Ready.
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal((await host.node(node))?.status?.state, 'Ready');

    const instance = await host.instance(ns, name);
    assert.equal(instance?.status?.state, 'Running');
    assert.equal(instance?.status?.restarts, 0);
    assert.equal(record().record.process!.pid, pid, 'nothing was restarted');
    assert.match((await httpGet(port)) ?? '', /hello/);

    // Statuses resume: a crash of the service is restarted by the agent and reported to the new control plane.
    const child = childOf(pid);
    assert.ok(child, 'the service runs under its exit shim');
    process.kill(child, 'SIGKILL');
    await eventually(async () => ((await host!.instance(ns, name))?.status?.restarts ?? 0) >= 1, 20_000, 'the restart to be reported');

    // And deletion still flows through: the agent stops it, the finalizer goes.
    await host.delete(ns, name);
    await eventually(async () => !(await host!.instance(ns, name)), 20_000, 'the instance to be released');
    await eventually(() => !isAlive(pid), 5000, 'the service to be stopped');
  });
});

/** The first child of `pid` (from /proc). */
function childOf(pid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children.length ? Number(children[0]) : undefined;
  } catch {
    return undefined;
  }
}
