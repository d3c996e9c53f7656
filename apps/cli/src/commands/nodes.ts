import { Command, Option } from 'commander';
import { NODE_OUTPUT_FORMATS, renderNodes, type NodeOutputFormat } from '../output/render-nodes.js';
import { withClient } from '../runtime/global-options.js';

interface NodesOptions {
  selector?: string;
  output: NodeOutputFormat;
}

/** `mosaic nodes [NAME]`: the machines agents registered, with allocation and state. */
export function nodesCommand(): Command {
  return new Command('nodes')
    .description('list the nodes agents registered (capacity, allocation, labels, state), or show one')
    .argument('[name]', 'a node name')
    .option('-l, --selector <selector>', 'label selector, e.g. zone=a,!gpu')
    .addOption(new Option('-o, --output <format>', 'output format').choices(NODE_OUTPUT_FORMATS).default('table'))
    .action(async (name: string | undefined, opts: NodesOptions, cmd: Command) => {
      await withClient(cmd, async (client) => {
        const items = name ? [await client.getNode(name)] : (await client.listNodes(opts.selector ? { labelSelector: opts.selector } : {})).items;
        process.stdout.write(renderNodes(items, opts.output, new Date(), Boolean(name)));
        if (!items.length && (opts.output === 'table' || opts.output === 'wide')) process.stderr.write('No nodes found: start an agent with `mosaic agent --server ADDR`\n');
      });
    });
}
