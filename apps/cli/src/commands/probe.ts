import { Command, Option } from 'commander';
import { PROBE_OUTPUT_FORMATS, renderProbeOutput, type ProbeOutputFormat } from '../output/render-probe-output.js';
import { connectionFor, withClient } from '../runtime/global-options.js';

interface ProbeOutputOptions {
  namespace?: string;
  output: ProbeOutputFormat;
}

/**
 * `mosaic probe output NAME`: the latest values of a probe's metrics on every node it runs on
 * (its maps as counters, gauges, histograms), read by each node's agent just now and relayed
 * by the control plane over the agents' streams — the same values the agents' /metrics serve.
 * A probe's printed output is its log: `mosaic logs NAME`.
 */
export function probeCommand(): Command {
  const probe = new Command('probe').description('eBPF probes: their output as metrics');
  probe.addCommand(
    new Command('output')
      .description("the latest metric values of a probe's instances, per node")
      .argument('<name>', 'the probe workload')
      .option('-n, --namespace <namespace>', 'namespace of the workload')
      .addOption(new Option('-o, --output <format>', 'output format').choices(PROBE_OUTPUT_FORMATS).default('table'))
      .action(async (name: string, opts: ProbeOutputOptions, cmd: Command) => {
        const namespace = opts.namespace ?? connectionFor(cmd).namespace;
        await withClient(cmd, async (client) => {
          process.stdout.write(renderProbeOutput(await client.probeOutput({ namespace, workload: name }), opts.output));
        });
      }),
  );
  return probe;
}
