import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, spawnCli, uniqueNamespace, Workspace, type CliEnv } from './support/cli.js';
import { ChildOutput } from './support/control-plane-process.js';

/** A service printing `tick N` ten times a second: output to read and follow. */
const tickerYaml = (namespace: string) => `apiVersion: mosaic.dev/v1
kind: Workload
metadata: { name: ticker, namespace: ${namespace} }
spec:
  runtime: service
  service:
    command: [node, -e, "let i = 0; setInterval(() => console.log('tick ' + i++), 100)"]
  resources: { cpu: 100m, memory: 16Mi }
`;

const highestTick = (text: string) => Math.max(-1, ...[...text.matchAll(/tick (\d+)/g)].map((m) => Number(m[1])));

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, what: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGKILLs the process group of every live process whose command line mentions `marker`. */
function killTagged(marker: string): void {
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) continue;
      process.kill(-Number(entry), 'SIGKILL');
    } catch {
      // not a group leader, or gone
    }
  }
}

async function interrupt(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill('SIGINT');
  const [code] = (await exited) as [number | null];
  return code;
}

describe('mosaic up, agent, nodes and logs', function () {
  this.timeout(120_000);
  let ws: Workspace;
  let up: ChildProcess;
  let upOut: ChildOutput;
  let agent: ChildProcess | undefined;
  let env: CliEnv;

  before(async () => {
    ws = new Workspace();
    up = spawnCli(['up', '--state-dir', join(ws.dir, 'state'), '--listen', '127.0.0.1:0', '--labels', 'zone=cli', '--node-name', 'cli-local'], { MOSAIC_CONFIG: ws.configFile });
    upOut = new ChildOutput(up);
    const address = await upOut.waitFor(/Mosaic control plane listening on (\S+)/, 30_000);
    await upOut.waitFor(/Mosaic is up/, 30_000);
    env = { MOSAIC_CONFIG: ws.configFile, MOSAIC_SERVER: address };
  });
  after(async () => {
    if (agent) await interrupt(agent);
    if (up) await interrupt(up);
    killTagged(ws.dir); // instances outlive `up` on purpose; these ones were the test's
    ws?.remove();
  });

  it('mosaic up serves the API (mosaic get answers) and lists its own node', async () => {
    const get = await runCli(['get', '-A'], env);
    assert.equal(get.code, 0, get.stderr);
    assert.match(upOut.stdout, /NAME\s+STATUS\s+RUNTIMES/);
    const nodes = await runCli(['nodes'], env);
    assert.equal(nodes.code, 0, nodes.stderr);
    assert.match(nodes.stdout, /^NAME\s+STATUS\s+RUNTIMES\s+CPU\s+MEMORY\s+ARCH\s+KERNEL\s+LABELS\s+AGE$/m);
    assert.match(nodes.stdout, /^cli-local\s+Ready\s+\S*service\S*\s+0\/\d+\s+0\/\S+\s+\S+\s+\S+\s+zone=cli\s+\d+s$/m);
  });

  it('mosaic agent joins from another process; mosaic nodes shows both (table, wide, json, yaml)', async () => {
    agent = spawnCli(['agent', '--node-name', 'cli-extra', '--labels', 'zone=other', '--state-dir', join(ws.dir, 'extra-agent'), '--capacity-cpu', '3', '--capacity-memory', '3Gi'], env);
    const agentOut = new ChildOutput(agent);
    await agentOut.waitFor(/Mosaic agent cli-extra started/, 20_000);
    await until(async () => ((await runCli(['nodes', 'cli-extra', '-o', 'json'], env)).stdout.includes('"Ready"') ? true : undefined), 20_000, () => `cli-extra Ready; agent:\n${agentOut.stderr}`);

    const json = JSON.parse((await runCli(['nodes', '-o', 'json'], env)).stdout) as { kind: string; items: { metadata: { name: string }; status: { capacity: { cpuMillis: number } } }[] };
    assert.equal(json.kind, 'NodeList');
    assert.deepEqual(json.items.map((n) => n.metadata.name), ['cli-extra', 'cli-local']);
    assert.equal(json.items[0]!.status.capacity.cpuMillis, 3000);
    const wide = await runCli(['nodes', '-o', 'wide', '-l', 'zone=other'], env);
    assert.match(wide.stdout, /INSTANCES\s+BTF\s+BPF\s+AGENT\s+HEARTBEAT/);
    assert.match(wide.stdout, /^cli-extra\s+Ready\s+\S+\s+0\/3\s+0\/3Gi\s/m);
    assert.doesNotMatch(wide.stdout, /cli-local/);
    assert.match((await runCli(['nodes', 'cli-extra', '-o', 'yaml'], env)).stdout, /^kind: Node$/m);
    const missing = await runCli(['nodes', 'no-such-node'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /NOT_FOUND/);
  });

  it('mosaic logs prints a workload’s output, one instance’s with --instance, and follows new lines with -f', async () => {
    const ns = uniqueNamespace('logs');
    const applied = await runCli(['apply', '-f', ws.write(`${ns}.yaml`, tickerYaml(ns))], env);
    assert.equal(applied.code, 0, applied.stderr);
    const instance = await until(
      async () => {
        const w = JSON.parse((await runCli(['get', 'ticker', '-n', ns, '-o', 'json'], env)).stdout) as { status?: { instances?: { id: string; state: string }[] } };
        const running = w.status?.instances?.find((i) => i.state === 'Running');
        return running?.id;
      },
      30_000,
      () => 'the ticker to run',
    );
    await until(async () => (highestTick((await runCli(['logs', 'ticker', '-n', ns], env)).stdout) >= 3 ? true : undefined), 10_000, () => 'some output');

    const tail = await runCli(['logs', 'ticker', '-n', ns, '--tail', '2'], env);
    assert.equal(tail.code, 0, tail.stderr);
    assert.match(tail.stdout, new RegExp(`^\\[${instance}\\] tick \\d+\\n\\[${instance}\\] tick \\d+\\n$`));
    const one = await runCli(['logs', '--instance', instance, '-n', ns, '--tail', '1'], env);
    assert.match(one.stdout, /^tick \d+\n$/, 'no prefix for one instance');

    const follow = spawnCli(['logs', 'ticker', '-n', ns, '-f', '--tail', '0', '--no-prefix'], env);
    const followed = new ChildOutput(follow);
    const start = highestTick((await runCli(['logs', 'ticker', '-n', ns], env)).stdout);
    await until(() => (highestTick(followed.stdout) >= start + 5 ? true : undefined), 10_000, () => `new lines; got:\n${followed.stdout}\n${followed.stderr}`);
    assert.equal(await interrupt(follow), 0);

    const nodes = await runCli(['nodes', '-o', 'json'], env);
    const allocated = (JSON.parse(nodes.stdout) as { items: { allocated: { cpuMillis: number } }[] }).items.map((n) => n.allocated.cpuMillis);
    assert.equal(allocated.reduce((a, b) => a + b, 0), 100, 'the ticker’s request counts on its node');

    const unknown = await runCli(['logs', 'nope', '-n', ns], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /NOT_FOUND: workload "nope" not found/);
  });

  it('mosaic up stops gracefully on SIGINT', async () => {
    if (agent) assert.equal(await interrupt(agent), 0);
    agent = undefined;
    assert.equal(await interrupt(up), 0);
  });
});
