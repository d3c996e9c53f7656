import { Command } from 'commander';
import { CliError } from '../errors/cli-error.js';
import { renderRolloutHistory, renderRolloutStatus, rolloutSettled } from '../output/render-rollout.js';
import { connectionFor, withClient } from '../runtime/global-options.js';

interface NsOptions {
  namespace?: string;
}

/** A subcommand taking a workload name and `-n`. */
function named(name: string, description: string): Command {
  return new Command(name).description(description).argument('<name>', 'the workload').option('-n, --namespace <namespace>', 'namespace of the workload');
}

/**
 * `mosaic rollout status|pause|resume|promote|abort|retry|undo|history|restart`: the same
 * canary / promote / abort / undo controls for every runtime, like `kubectl argo rollouts`.
 */
export function rolloutCommand(): Command {
  const rollout = new Command('rollout').description('drive rollouts: status, pause, resume, promote, abort, retry, undo, history, restart');

  rollout.addCommand(
    named('status', 'the live rollout view: strategy, steps, weight, instances per revision, pause, analysis, events')
      .option('-w, --watch', 'keep watching after the rollout settles')
      .action(async (name: string, opts: NsOptions & { watch?: boolean }, cmd: Command) => {
        const namespace = opts.namespace ?? connectionFor(cmd).namespace;
        await withClient(cmd, async (client) => {
          const tty = process.stdout.isTTY;
          for await (const view of client.watchRollout(namespace, name)) {
            const text = renderRolloutStatus(view, new Date());
            process.stdout.write(tty ? `\x1b[H\x1b[2J${text}` : `${text}\n`);
            if (!opts.watch && rolloutSettled(view)) break;
          }
        });
      }),
  );

  const simple: [string, string, 'pauseRollout' | 'resumeRollout' | 'abortRollout' | 'retryRollout'][] = [
    ['pause', 'hold the rollout where it is until resume', 'pauseRollout'],
    ['resume', 'continue after pause', 'resumeRollout'],
    ['abort', 'stop the rollout and restore the stable revision', 'abortRollout'],
    ['retry', 'start an aborted rollout over from its first step', 'retryRollout'],
  ];
  for (const [verb, description, method] of simple) {
    rollout.addCommand(
      named(verb, description).action(async (name: string, opts: NsOptions, cmd: Command) => {
        const namespace = opts.namespace ?? connectionFor(cmd).namespace;
        await withClient(cmd, async (client) => {
          await client[method](namespace, name);
          process.stdout.write(`workload.mosaic.dev/${name} ${verb}${verb.endsWith('e') ? 'd' : 'ed'}\n`);
        });
      }),
    );
  }

  rollout.addCommand(
    named('promote', 'skip the current pause or step (--full: straight to 100%)')
      .option('--full', 'skip every remaining step')
      .action(async (name: string, opts: NsOptions & { full?: boolean }, cmd: Command) => {
        const namespace = opts.namespace ?? connectionFor(cmd).namespace;
        await withClient(cmd, async (client) => {
          await client.promoteRollout(namespace, name, { full: opts.full === true });
          process.stdout.write(`workload.mosaic.dev/${name} ${opts.full ? 'fully ' : ''}promoted\n`);
        });
      }),
  );

  rollout.addCommand(
    named('undo', "roll an earlier revision's spec out again, as a new revision")
      .option('--to-revision <n>', 'the revision to go back to (default: the one before the current)')
      .action(async (name: string, opts: NsOptions & { toRevision?: string }, cmd: Command) => {
        const namespace = opts.namespace ?? connectionFor(cmd).namespace;
        const to = opts.toRevision === undefined ? 0 : Number(opts.toRevision);
        if (!Number.isInteger(to) || to < 0) throw new CliError(`--to-revision must be a revision number, got ${JSON.stringify(opts.toRevision)}`);
        await withClient(cmd, async (client) => {
          const res = await client.undoRollout(namespace, name, to);
          process.stdout.write(`workload.mosaic.dev/${name} rolled back (revision ${res.revision})\n`);
        });
      }),
  );

  rollout.addCommand(
    named('restart', 'replace every instance through the rollout (a new revision, same spec)').action(async (name: string, opts: NsOptions, cmd: Command) => {
      const namespace = opts.namespace ?? connectionFor(cmd).namespace;
      await withClient(cmd, async (client) => {
        const res = await client.restartRollout(namespace, name);
        process.stdout.write(`workload.mosaic.dev/${name} restarted (revision ${res.revision})\n`);
      });
    }),
  );

  rollout.addCommand(
    named('history', 'revisions with their change cause').action(async (name: string, opts: NsOptions, cmd: Command) => {
      const namespace = opts.namespace ?? connectionFor(cmd).namespace;
      await withClient(cmd, async (client) => process.stdout.write(renderRolloutHistory(await client.rolloutHistory(namespace, name), new Date())));
    }),
  );
  return rollout;
}
