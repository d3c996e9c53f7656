import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli, serviceYaml, spawnCli, uniqueNamespace, Workspace, type CliEnv } from './support/cli.js';
import { ChildOutput, LISTENING, startControlPlane, type ControlPlaneProcess } from './support/control-plane-process.js';

describe('mosaic delete / config / server / version', function () {
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

  describe('delete', () => {
    it('deletes by name and prints what it deleted', async () => {
      const ns = uniqueNamespace('del');
      await runCli(['apply', '-f', '-'], env, { input: `${serviceYaml('a', { namespace: ns })}---\n${serviceYaml('b', { namespace: ns })}` });
      const r = await runCli(['delete', 'a', 'b', '-n', ns], env);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `workload/${ns}/a deleted\nworkload/${ns}/b deleted\n`);
      assert.equal((await runCli(['get', '-n', ns, '-o', 'name'], env)).stdout, '');
    });

    it('deletes what files describe (-f)', async () => {
      const ns = uniqueNamespace('del');
      const file = ws.write(`${ns}.yaml`, `${serviceYaml('x', { namespace: ns })}---\n${serviceYaml('y', { namespace: ns })}`);
      await runCli(['apply', '-f', file], env);
      const r = await runCli(['delete', '-f', file], env);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `workload/${ns}/x deleted\nworkload/${ns}/y deleted\n`);
    });

    it('a missing workload is NOT_FOUND (exit 1) unless --ignore-not-found', async () => {
      const missing = await runCli(['delete', 'ghost', '-n', 'nowhere'], env);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /^error: NOT_FOUND: /m);
      const ignored = await runCli(['delete', 'ghost', '-n', 'nowhere', '--ignore-not-found'], env);
      assert.equal(ignored.code, 0, ignored.stderr);
      assert.equal(ignored.stdout, '');
    });
  });

  describe('contexts and server precedence', () => {
    // Each test gets its own config file; no MOSAIC_SERVER unless the test sets it.
    let dir: string;
    let bare: CliEnv;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'mosaic-cli-config-'));
      bare = { MOSAIC_CONFIG: join(dir, 'config') };
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const DEAD = '127.0.0.1:1'; // nothing listens on port 1
    const fast = ['--request-timeout', '2s'];

    it('set-context, use-context and view edit the file', async () => {
      assert.equal((await runCli(['config', 'set-context', 'local', '--server', cp.address], bare)).stdout, 'Context "local" created.\n');
      assert.equal((await runCli(['config', 'set-context', 'prod', '--server', 'prod:7070', '--token', 's3cret'], bare)).code, 0);
      const view = parse((await runCli(['config', 'view'], bare)).stdout) as { currentContext: string; contexts: { name: string; token?: string }[] };
      assert.equal(view.currentContext, 'local', 'the first context becomes current');
      assert.equal(view.contexts.find((c) => c.name === 'prod')?.token, 'REDACTED');
      assert.match((await runCli(['config', 'view', '--raw'], bare)).stdout, /token: s3cret/);
      assert.equal((await runCli(['config', 'use-context', 'prod'], bare)).stdout, 'Switched to context "prod".\n');
      assert.equal((await runCli(['config', 'current-context'], bare)).stdout, 'prod\n');
      assert.equal(statSync(bare.MOSAIC_CONFIG).mode & 0o777, 0o600, 'tokens live in an owner-only file');
      const secured = await runCli(['config', 'set-context', 'prod', '--certificate-authority', 'ca.pem'], bare);
      assert.equal(secured.stdout, 'Context "prod" modified.\n', secured.stderr);
      const raw = parse((await runCli(['config', 'view', '--raw'], bare)).stdout) as { contexts: { name: string; server: string; tls?: { ca?: string } }[] };
      const prod = raw.contexts.find((c) => c.name === 'prod');
      assert.equal(prod?.server, 'prod:7070', 'a modification keeps what it does not mention');
      assert.match(prod?.tls?.ca ?? '', /^\/.*\/ca\.pem$/, 'paths are stored absolute');
      const unknown = await runCli(['config', 'use-context', 'nope'], bare);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /^error: no context exists with the name: "nope"$/m);
    });

    it('the current context supplies the server', async () => {
      await runCli(['config', 'set-context', 'local', '--server', cp.address], bare);
      const r = await runCli(['get', '-A', ...fast], bare);
      assert.equal(r.code, 0, r.stderr);
    });

    it('MOSAIC_SERVER beats the file, and --server beats MOSAIC_SERVER', async () => {
      await runCli(['config', 'set-context', 'local', '--server', cp.address], bare);
      const envWins = await runCli(['get', '-A', ...fast], { ...bare, MOSAIC_SERVER: DEAD });
      assert.equal(envWins.code, 1);
      assert.match(envWins.stderr, /^error: (UNAVAILABLE|DEADLINE_EXCEEDED): /m);
      const flagWins = await runCli(['get', '-A', '--server', cp.address, ...fast], { ...bare, MOSAIC_SERVER: DEAD });
      assert.equal(flagWins.code, 0, flagWins.stderr);
    });

    it('without flag, env or file the default 127.0.0.1:7070 is used', async () => {
      const r = await runCli(['version'], bare);
      assert.match(r.stdout, /^Server: 127\.0\.0\.1:7070 /m);
    });

    it('a malformed config file is reported with its path', async () => {
      const path = join(dir, 'config');
      await runCli(['config', 'set-context', 'x', '--server', 'a:1'], bare);
      const text = readFileSync(path, 'utf8').replace('contexts:', 'contexts: 5\nx:');
      (await import('node:fs')).writeFileSync(path, text);
      const r = await runCli(['get'], bare);
      assert.equal(r.code, 1);
      assert.ok(r.stderr.includes(path), r.stderr);
    });
  });

  describe('server', () => {
    it('runs the control plane, which answers, and stops on SIGTERM with exit 0', async () => {
      const stateDir = mkdtempSync(join(tmpdir(), 'mosaic-cli-server-'));
      const child = spawnCli(['server', '--state-dir', stateDir, '--listen', '127.0.0.1:0'], env);
      const output = new ChildOutput(child);
      try {
        const address = await output.waitFor(LISTENING, 20_000);
        const ns = uniqueNamespace('srv');
        const applied = await runCli(['apply', '-f', '-', '--server', address], env, { input: serviceYaml('s', { namespace: ns }) });
        assert.equal(applied.stdout, `workload/${ns}/s created\n`, applied.stderr);
        const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        assert.equal(await exited, 0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        rmSync(stateDir, { recursive: true, force: true });
      }
    });
  });

  describe('version and errors', () => {
    it('version prints the client version and that the server is serving', async () => {
      const r = await runCli(['version'], env);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Client Version: \d+\.\d+\.\d+$/m);
      assert.match(r.stdout, new RegExp(`^Server: ${cp.address.replace(/\./g, '\\.')} SERVING$`, 'm'));
    });

    const usage = [
      { name: 'unknown command', args: ['frobnicate'], stderr: /unknown command 'frobnicate'/ },
      { name: 'unknown flag', args: ['get', '--frobnicate'], stderr: /unknown option '--frobnicate'/ },
      { name: 'bad -o value', args: ['get', '-o', 'xml'], stderr: /argument 'xml' is invalid/ },
      { name: 'apply without -f', args: ['apply'], stderr: /^error: must specify -f/m },
    ];
    for (const tc of usage) {
      it(`${tc.name}: exit 1 with a message`, async () => {
        const r = await runCli(tc.args, env);
        assert.equal(r.code, 1);
        assert.match(r.stderr, tc.stderr);
      });
    }
  });
});
