#!/usr/bin/env -S npx tsx
/**
 * k8s-test-cluster: a real Kubernetes control plane on one machine for tests
 * (etcd + kube-apiserver + kube-controller-manager + kube-scheduler built from the
 * upstream Go modules, kwok for simulated nodes). See ../README.md.
 *
 *   npm run k8s-test-cluster -- up|down|status|kubeconfig [options]
 */
import { parseCliArgs, USAGE, UsageError } from './cli-args.js';
import { down } from './down.js';
import { status } from './status.js';
import { StepFailedError } from './step-failed-error.js';
import { buildOnly, kubeconfigPath, up } from './up.js';

async function main(argv: readonly string[]): Promise<number> {
  const args = parseCliArgs(argv);
  switch (args.verb) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case 'up': {
      const started = Date.now();
      const kubeconfig = await up(args);
      process.stderr.write(`[k8s-test-cluster] up in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
      process.stdout.write(`${kubeconfig}\n`);
      return 0;
    }
    case 'build':
      process.stdout.write(`${await buildOnly(args)}\n`);
      return 0;
    case 'down':
      await down(args.stateDir);
      return 0;
    case 'status': {
      const report = await status(args.stateDir, args.json);
      process.stdout.write(`${report.text}\n`);
      return report.exitCode;
    }
    case 'kubeconfig': {
      const path = kubeconfigPath(args.stateDir);
      if (path === undefined) {
        process.stderr.write(`k8s-test-cluster: not up (no kubeconfig in ${args.stateDir}); run 'up' first\n`);
        return 3;
      }
      process.stdout.write(`${path}\n`);
      return 0;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`k8s-test-cluster: ${error.message}\n\n${USAGE}\n`);
    else if (error instanceof StepFailedError) process.stderr.write(`${error.report()}\n`);
    else process.stderr.write(`k8s-test-cluster: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
