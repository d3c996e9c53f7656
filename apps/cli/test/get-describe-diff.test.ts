import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { runCli, serviceYaml, spawnCli, uniqueNamespace, Workspace, type CliEnv } from './support/cli.js';
import { ChildOutput, startControlPlane, type ControlPlaneProcess } from './support/control-plane-process.js';

interface WorkloadJson {
  kind: string;
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec: { replicas: number };
}

describe('mosaic get / describe / diff', function () {
  this.timeout(60_000);
  let cp: ControlPlaneProcess;
  let ws: Workspace;
  let env: CliEnv;
  let ns: string;
  let other: string;

  before(async () => {
    cp = await startControlPlane();
    ws = new Workspace();
    env = { MOSAIC_CONFIG: ws.configFile, MOSAIC_SERVER: cp.address };
    ns = uniqueNamespace('get');
    other = uniqueNamespace('get-other');
    const docs = [
      serviceYaml('api', { namespace: ns, replicas: 2, labels: { app: 'shop', tier: 'api' } }),
      serviceYaml('web', { namespace: ns, labels: { app: 'shop', tier: 'web' } }),
      serviceYaml('mod', { namespace: ns, runtime: 'wasm', labels: { app: 'edge' } }),
      serviceYaml('elsewhere', { namespace: other }),
    ];
    const r = await runCli(['apply', '-f', '-'], env, { input: docs.join('---\n') });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await cp?.stop();
    ws?.remove();
  });

  describe('get', () => {
    it('prints a kubectl-style table', async () => {
      const r = await runCli(['get', '-n', ns], env);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.match(lines[0]!, /^NAME\s+RUNTIME\s+REPLICAS\s+PHASE\s+AGE$/);
      assert.deepEqual(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 3)), [['api', 'service', '0/2'], ['mod', 'wasm', '0/1'], ['web', 'service', '0/1']]);
    });

    it('-A adds a NAMESPACE column and spans namespaces', async () => {
      const r = await runCli(['get', '-A'], env);
      const lines = r.stdout.trimEnd().split('\n');
      assert.match(lines[0]!, /^NAMESPACE\s+NAME\s+RUNTIME/);
      assert.ok(lines.some((l) => l.startsWith(`${other} `) && l.includes('elsewhere')));
      assert.ok(lines.some((l) => l.startsWith(`${ns} `) && l.includes('api')));
    });

    it('-o wide adds GENERATION, NODES, ENDPOINTS and LABELS', async () => {
      const r = await runCli(['get', 'api', '-n', ns, '-o', 'wide'], env);
      assert.match(r.stdout, /^NAME\s+RUNTIME\s+REPLICAS\s+PHASE\s+AGE\s+GENERATION\s+NODES\s+ENDPOINTS\s+LABELS\n/);
      assert.match(r.stdout, /\napi\s+service\s+0\/2\s+\S+\s+\S+\s+1\s+\S+\s+\S+\s+app=shop,tier=api\n$/);
    });

    it('-l filters by label selector', async () => {
      const r = await runCli(['get', '-n', ns, '-l', 'app=shop,tier!=web', '-o', 'name'], env);
      assert.equal(r.stdout, `workload/${ns}/api\n`);
      const set = await runCli(['get', '-n', ns, '-l', 'tier in (api,web)', '-o', 'name'], env);
      assert.equal(set.stdout, `workload/${ns}/api\nworkload/${ns}/web\n`);
    });

    it('--runtime filters by runtime', async () => {
      assert.equal((await runCli(['get', '-n', ns, '--runtime', 'wasm', '-o', 'name'], env)).stdout, `workload/${ns}/mod\n`);
    });

    it('-o json of a list is a WorkloadList; of a name, the object', async () => {
      const list = JSON.parse((await runCli(['get', '-n', ns, '-o', 'json'], env)).stdout) as { kind: string; items: WorkloadJson[]; metadata: { resourceVersion: string } };
      assert.equal(list.kind, 'WorkloadList');
      assert.equal(list.items.length, 3);
      assert.match(list.metadata.resourceVersion, /^\d+$/);
      const one = JSON.parse((await runCli(['get', 'api', '-n', ns, '-o', 'json'], env)).stdout) as WorkloadJson;
      assert.equal(one.kind, 'Workload');
      assert.equal(one.spec.replicas, 2);
    });

    it('-o yaml parses and round-trips through apply unchanged', async () => {
      const yaml = (await runCli(['get', 'web', '-n', ns, '-o', 'yaml'], env)).stdout;
      const doc = parse(yaml) as WorkloadJson;
      assert.equal(doc.metadata.name, 'web');
      const r = await runCli(['apply', '-f', '-'], env, { input: yaml });
      assert.equal(r.stdout, `workload/${ns}/web unchanged\n`, r.stderr);
    });

    it('an empty namespace says so on stderr', async () => {
      const r = await runCli(['get', '-n', 'nothing-here'], env);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, 'No resources found in nothing-here namespace.\n');
    });

    it('a missing name is NOT_FOUND, exit 1', async () => {
      const r = await runCli(['get', 'ghost', '-n', ns], env);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: NOT_FOUND: .*ghost/m);
    });

    it('--watch prints a change made by another apply', async () => {
      const watchNs = uniqueNamespace('watch');
      await runCli(['apply', '-f', '-'], env, { input: serviceYaml('w', { namespace: watchNs }) });
      const child = spawnCli(['get', '-n', watchNs, '--watch', '--output-watch-events'], env);
      const output = new ChildOutput(child);
      try {
        await output.waitFor(/^ADDED\s+w\s+service\s+0\/1\b/m, 15_000);
        await runCli(['apply', '-f', '-'], env, { input: serviceYaml('w', { namespace: watchNs, replicas: 3 }) });
        await output.waitFor(/^MODIFIED\s+w\s+service\s+0\/3\b/m, 15_000);
      } finally {
        child.kill('SIGINT');
      }
    });
  });

  describe('describe', () => {
    it('shows metadata, the runtime section, rollout and status', async () => {
      const r = await runCli(['describe', 'api', '-n', ns], env);
      assert.equal(r.code, 0, r.stderr);
      for (const want of [/^Name:\s+api$/m, new RegExp(`^Namespace:\\s+${ns}$`, 'm'), /^Labels:\s+app=shop$/m, /^\s+tier=api$/m, /^Runtime:\s+service$/m,
        /^Replicas:\s+2 desired$/m, /^Service:\n {2}Command:\s+node server\.js$/m, /^Placement:$/m, /^Rollout:\n {2}Strategy:\s+rolling$/m, /^Status:\n {2}Phase:\s+\w+$/m,
        /^Conditions:$/m, /^Instances:$/m]) {
        assert.match(r.stdout, want);
      }
    });

    it('a missing workload is NOT_FOUND', async () => {
      const r = await runCli(['describe', 'ghost', '-n', ns], env);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: NOT_FOUND: /m);
    });
  });

  describe('diff', () => {
    it('exit 0 and no output when live matches the files', async () => {
      const r = await runCli(['diff', '-f', '-'], env, { input: serviceYaml('web', { namespace: ns, labels: { app: 'shop', tier: 'web' } }) });
      assert.equal(r.stdout, '');
      assert.equal(r.code, 0, r.stderr);
    });

    it('exit 1 and a unified diff when something would change; nothing is written', async () => {
      const r = await runCli(['diff', '-f', '-'], env, { input: serviceYaml('web', { namespace: ns, replicas: 7, labels: { app: 'shop', tier: 'web' } }) });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, new RegExp(`^--- live/workload/${ns}/web\\n\\+\\+\\+ merged/workload/${ns}/web\\n@@ `, 'm'));
      assert.match(r.stdout, /^- {2}replicas: 1$/m);
      assert.match(r.stdout, /^\+ {2}replicas: 7$/m);
      assert.doesNotMatch(r.stdout, /resourceVersion|generation|creationTimestamp|uid/);
      const live = JSON.parse((await runCli(['get', 'web', '-n', ns, '-o', 'json'], env)).stdout) as WorkloadJson;
      assert.equal(live.spec.replicas, 1);
    });

    it('a new workload diffs as all additions', async () => {
      const r = await runCli(['diff', '-f', '-'], env, { input: serviceYaml('brand-new', { namespace: ns }) });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^@@ -0,0 \+1,\d+ @@$/m);
    });

    it('exit 2 on invalid input or server rejection', async () => {
      const invalid = await runCli(['diff', '-f', '-'], env, { input: 'kind: Workload\n' });
      assert.equal(invalid.code, 2);
      assert.match(invalid.stderr, /<stdin>:\d+:\d+: /);
      const rejected = await runCli(['diff', '-f', '-'], env, { input: serviceYaml('api', { namespace: ns, runtime: 'wasm' }) });
      assert.equal(rejected.code, 2);
      assert.match(rejected.stderr, /^error: FAILED_PRECONDITION: /m);
    });
  });
});
