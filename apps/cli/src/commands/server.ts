import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { CliError } from '../errors/cli-error.js';

interface ServerOptions {
  stateDir?: string;
  listen?: string;
  config?: string;
}

/** Signals passed on to the control plane, so Ctrl-C and `kill` stop it gracefully. */
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The control plane's executable, found through its package (a workspace link or an install). */
export function controlPlaneBin(): string {
  const pkgUrl = import.meta.resolve('@mosaic/control-plane/package.json');
  const pkgPath = fileURLToPath(pkgUrl);
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : Object.values(pkg.bin ?? {})[0];
  if (!bin) throw new CliError('@mosaic/control-plane declares no bin');
  return resolve(dirname(pkgPath), bin);
}

/**
 * `mosaic server`: runs the control plane in the foreground as a child process (so the
 * CLI itself stays a thin client), with stdio shared and signals forwarded; exits with
 * the child's code, or 128+N when a signal ended it, as a shell would report.
 */
export function serverCommand(): Command {
  return new Command('server')
    .description('run the control plane in the foreground')
    .option('--state-dir <dir>', 'where the control plane keeps its state')
    .option('--listen <host:port>', 'gRPC listen address')
    .option('--config <file>', 'control plane config file')
    .argument('[extra...]', 'further control-plane flags, after --')
    .action(async (extra: string[], opts: ServerOptions) => {
      const args = [
        ...(opts.stateDir ? ['--state-dir', opts.stateDir] : []),
        ...(opts.listen ? ['--listen', opts.listen] : []),
        ...(opts.config ? ['--config', opts.config] : []),
        ...extra,
      ];
      const child = spawn(process.execPath, [controlPlaneBin(), ...args], { stdio: 'inherit' });
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      for (const s of FORWARDED) process.on(s, forward);
      const code = await new Promise<number>((done, fail) => {
        child.once('error', fail);
        child.once('exit', (exitCode, signal) => done(exitCode ?? 128 + (signal ? constants.signals[signal] : 0)));
      });
      for (const s of FORWARDED) process.off(s, forward);
      process.exitCode = code;
    });
}
