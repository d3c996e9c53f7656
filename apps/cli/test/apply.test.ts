import assert from 'node:assert/strict';
import { runCli, serviceYaml, uniqueNamespace, Workspace, type CliEnv } from './support/cli.js';
import { startControlPlane, type ControlPlaneProcess } from './support/control-plane-process.js';

describe('mosaic apply', function () {
  this.timeout(60_000);
  let cp: ControlPlaneProcess;
  let ws: Workspace;
  let env: CliEnv;

  before(async () => {
    cp = await startControlPlane();
    ws = new Workspace();
    env = { MOSAIC_CONFIG: ws.configFile, MOSAIC_SERVER: cp.address };
  });
  after(async () => {
    await cp?.stop();
    ws?.remove();
  });

  const names = async (ns: string) => (await runCli(['get', '-n', ns, '-o', 'name'], env)).stdout.trim().split('\n').filter(Boolean);

  it('reports created, then unchanged, then configured', async () => {
    const ns = uniqueNamespace();
    const file = ws.write(`${ns}/web.yaml`, serviceYaml('web', { namespace: ns }));
    const created = await runCli(['apply', '-f', file], env);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout, `workload/${ns}/web created\n`);
    assert.equal((await runCli(['apply', '-f', file], env)).stdout, `workload/${ns}/web unchanged\n`);
    ws.write(`${ns}/web.yaml`, serviceYaml('web', { namespace: ns, replicas: 4 }));
    assert.equal((await runCli(['apply', '-f', file], env)).stdout, `workload/${ns}/web configured\n`);
    const got = JSON.parse((await runCli(['get', 'web', '-n', ns, '-o', 'json'], env)).stdout) as { spec: { replicas: number } };
    assert.equal(got.spec.replicas, 4);
  });

  it('walks directories recursively (yaml, yml, json; other files ignored), in sorted order', async () => {
    const ns = uniqueNamespace();
    ws.write(`${ns}/dir/b.yaml`, serviceYaml('b', { namespace: ns }));
    ws.write(`${ns}/dir/a.yml`, serviceYaml('a', { namespace: ns }));
    ws.write(`${ns}/dir/nested/c.json`, JSON.stringify({ apiVersion: 'mosaic.dev/v1', kind: 'Workload', metadata: { name: 'c', namespace: ns }, spec: { runtime: 'service', service: { command: ['x'] } } }));
    ws.write(`${ns}/dir/notes.txt`, 'not a manifest');
    const r = await runCli(['apply', '-f', `${ws.dir}/${ns}/dir`], env);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), [`workload/${ns}/a created`, `workload/${ns}/b created`, `workload/${ns}/c created`]);
  });

  it('reads multi-document YAML from stdin, and -n fills in missing namespaces', async () => {
    const ns = uniqueNamespace();
    const r = await runCli(['apply', '-f', '-', '-n', ns], env, { input: `${serviceYaml('one')}---\n${serviceYaml('two')}` });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await names(ns), [`workload/${ns}/one`, `workload/${ns}/two`]);
  });

  it('a YAML syntax error names file:line:col and writes nothing', async () => {
    const ns = uniqueNamespace();
    const file = ws.write(`${ns}/broken.yaml`, `${serviceYaml('ok', { namespace: ns })}---\nmetadata: {name: x\nspec: [1, 2\n`);
    const r = await runCli(['apply', '-f', file], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^${escape(file)}:\\d+:\\d+: `, 'm'));
    assert.equal(r.stdout, '');
    assert.deepEqual(await names(ns), []);
  });

  it('an unknown field is reported with its path and line', async () => {
    const ns = uniqueNamespace();
    const file = ws.write(`${ns}/typo.yaml`, serviceYaml('t', { namespace: ns }).replace('  replicas: 1', '  replicas: 1\n  replicaz: 2'));
    const r = await runCli(['apply', '-f', file], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^${escape(file)}:9:3: spec\\.replicaz: unknown field "replicaz"$`, 'm'));
  });

  it('one invalid document among several: every error printed, none written', async () => {
    const ns = uniqueNamespace();
    ws.write(`${ns}/set/1-good.yaml`, `${serviceYaml('good1', { namespace: ns })}---\n${serviceYaml('good2', { namespace: ns })}`);
    ws.write(`${ns}/set/2-bad.yaml`, serviceYaml('bad', { namespace: ns }).replace('runtime: service', 'runtime: servlet'));
    ws.write(`${ns}/set/3-bad.yaml`, serviceYaml('Bad_Name', { namespace: ns }));
    const r = await runCli(['apply', '-f', `${ws.dir}/${ns}/set`], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /2-bad\.yaml:\d+:\d+: spec\.runtime: /);
    assert.match(r.stderr, /3-bad\.yaml:\d+:\d+: metadata\.name: /);
    assert.match(r.stderr, /nothing was sent to the server/);
    assert.deepEqual(await names(ns), []);
  });

  it('a server-side rejection (immutable runtime) also writes nothing', async () => {
    const ns = uniqueNamespace();
    await runCli(['apply', '-f', '-'], env, { input: `${serviceYaml('keep', { namespace: ns })}---\n${serviceYaml('fixed', { namespace: ns })}` });
    const r = await runCli(['apply', '-f', '-'], env, {
      input: `${serviceYaml('keep', { namespace: ns, replicas: 5 })}---\n${serviceYaml('fixed', { namespace: ns, runtime: 'wasm' })}`,
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^error: workload/${ns}/fixed \\(<stdin>:\\d+\\): FAILED_PRECONDITION: .*immutable`, 'm'));
    assert.match(r.stderr, /nothing was applied/);
    const kept = JSON.parse((await runCli(['get', 'keep', '-n', ns, '-o', 'json'], env)).stdout) as { spec: { replicas: number } };
    assert.equal(kept.spec.replicas, 1);
  });

  it('a stale resourceVersion is an ABORTED error with the server message', async () => {
    const ns = uniqueNamespace();
    await runCli(['apply', '-f', '-'], env, { input: serviceYaml('v', { namespace: ns }) });
    await runCli(['apply', '-f', '-'], env, { input: serviceYaml('v', { namespace: ns, replicas: 2 }) });
    const stale = serviceYaml('v', { namespace: ns, replicas: 3 }).replace(`  namespace: ${ns}`, `  namespace: ${ns}\n  resourceVersion: "1"`);
    const r = await runCli(['apply', '-f', '-'], env, { input: stale });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /: ABORTED: /);
  });

  it('--dry-run=server prints the outcome with a suffix and writes nothing', async () => {
    const ns = uniqueNamespace();
    const r = await runCli(['apply', '-f', '-', '--dry-run=server'], env, { input: serviceYaml('dry', { namespace: ns }) });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `workload/${ns}/dry created (server dry run)\n`);
    assert.deepEqual(await names(ns), []);
  });

  it('--dry-run=client validates without a server', async () => {
    const r = await runCli(['apply', '-f', '-', '--dry-run', 'client', '--server', '127.0.0.1:1'], env, { input: serviceYaml('offline', { namespace: 'x' }) });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'workload/x/offline valid (client dry run)\n');
  });

  it('shows [k/N] progress on stderr for many objects', async () => {
    const ns = uniqueNamespace();
    const docs = Array.from({ length: 25 }, (_, i) => serviceYaml(`w${String(i).padStart(2, '0')}`, { namespace: ns })).join('---\n');
    const r = await runCli(['apply', '-f', '-'], env, { input: docs });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 25);
    assert.match(r.stderr, /^\[25\/25\] applying$/m);
    assert.equal((await names(ns)).length, 25);
  });

  it('a path that does not exist is an error', async () => {
    const r = await runCli(['apply', '-f', `${ws.dir}/nope.yaml`], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: the path ".*nope\.yaml" does not exist$/m);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
