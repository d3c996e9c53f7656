import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI: tests run exactly what users run. */
export const CLI_BIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliEnv {
  /** Always set: a temp contexts file, so no test touches ~/.mosaic/config. */
  MOSAIC_CONFIG: string;
  MOSAIC_SERVER?: string;
  MOSAIC_TOKEN?: string;
}

function childEnv(env: CliEnv): NodeJS.ProcessEnv {
  const { MOSAIC_SERVER: _s, MOSAIC_TOKEN: _t, MOSAIC_CONFIG: _c, ...base } = process.env;
  return { ...base, ...env };
}

/** Runs `mosaic …` to completion. */
export function runCli(args: string[], env: CliEnv, options: { input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mosaic ${args.join(' ')} did not finish in time; stdout:\n${stdout}\nstderr:\n${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Starts a long-running `mosaic …` (get --watch, server); the caller stops it. */
export function spawnCli(args: string[], env: CliEnv): ChildProcess {
  return spawn(process.execPath, [CLI_BIN, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A temp directory with helpers to write manifest files into it. */
export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'mosaic-cli-files-'));
  readonly configFile = join(this.dir, 'mosaic-config.yaml');

  write(rel: string, text: string): string {
    const path = join(this.dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

let seq = 0;
/** A namespace no other test uses. */
export function uniqueNamespace(prefix = 'cli'): string {
  return `${prefix}-${process.pid}-${(seq++).toString(36)}`;
}

/** A service workload document. */
export function serviceYaml(name: string, opts: { namespace?: string; replicas?: number; labels?: Record<string, string>; runtime?: 'service' | 'wasm' } = {}): string {
  const labels = opts.labels ? `\n  labels:\n${Object.entries(opts.labels).map(([k, v]) => `    ${k}: ${v}`).join('\n')}` : '';
  const section = opts.runtime === 'wasm' ? '  wasm:\n    module:\n      path: hello.wasm' : '  service:\n    command: [node, server.js]';
  return `apiVersion: mosaic.dev/v1
kind: Workload
metadata:
  name: ${name}${opts.namespace ? `\n  namespace: ${opts.namespace}` : ''}${labels}
spec:
  runtime: ${opts.runtime ?? 'service'}
  replicas: ${opts.replicas ?? 1}
${section}
`;
}
