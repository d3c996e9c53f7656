#!/usr/bin/env node
// The `mosaic-control-plane` bin (also what `mosaic server` spawns). stdout carries exactly one
// line, "Mosaic control plane listening on HOST:PORT", for scripts and the CLI to read; logs go
// to stderr as JSON.
import { isMosaicError } from '@mosaic/api';
import { readFileSync } from 'node:fs';
import { usage } from './config/usage.js';
import { readFlags } from './config/read-flags.js';
import { resolveOptions } from './config/resolve-options.js';
import { startControlPlane, type ControlPlane } from './control-plane.js';

const BIN = 'mosaic-control-plane';

function fail(message: string, exitCode: number): never {
  process.stderr.write(`${BIN}: ${message}\n`);
  process.exit(exitCode);
}

async function main(): Promise<void> {
  let controlPlane: ControlPlane;
  try {
    const commandLine = readFlags(process.argv.slice(2));
    if (commandLine.help) {
      process.stdout.write(usage(BIN));
      return;
    }
    if (commandLine.version) {
      const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
      process.stdout.write(`${pkg.version}\n`);
      return;
    }
    controlPlane = await startControlPlane(resolveOptions(commandLine, process.env));
  } catch (err) {
    // Configuration and startup problems are the operator's to fix: say what, not where in the code.
    if (isMosaicError(err)) fail(err.message, err.code === 'INVALID_ARGUMENT' || err.code === 'NOT_FOUND' ? 2 : 1);
    throw err;
  }

  const log = controlPlane.logger;
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception; exiting');
    process.exit(1);
  });

  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      // A second signal means "now": skip the drain.
      log.warn({ signal }, 'second signal; exiting immediately');
      process.exit(1);
    }
    signalled = true;
    log.info({ signal }, 'signal received; shutting down gracefully');
    controlPlane.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  process.stdout.write(`Mosaic control plane listening on ${controlPlane.address}\n`);
}

await main();
