#!/usr/bin/env node
// The `mosaic-agent` bin (`mosaic agent` runs the same code in-process). Logs go to stderr as
// JSON lines; SIGINT/SIGTERM stop it gracefully (instances keep running and are adopted by
// the next agent on the same state dir); a second signal exits at once.
import { isMosaicError } from '@mosaic/api';
import { startAgent } from './agent.js';
import { agentOptionsFromFlags, agentUsage, readAgentArgv } from './config/agent-flags.js';

const BIN = 'mosaic-agent';

async function main(): Promise<void> {
  let agent;
  try {
    const { help, values } = readAgentArgv(process.argv.slice(2));
    if (help) {
      process.stdout.write(agentUsage(BIN));
      return;
    }
    agent = await startAgent(agentOptionsFromFlags(values, process.env));
  } catch (err) {
    if (!isMosaicError(err)) throw err;
    process.stderr.write(`${BIN}: ${err.message}\n`);
    process.exit(2);
  }
  process.stdout.write(`Mosaic agent ${agent.nodeName} started (state in ${agent.stateDir})\n`);
  if (agent.metricsAddress) process.stdout.write(`Metrics on http://${agent.metricsAddress}/metrics\n`);
  let signalled = false;
  const onSignal = () => {
    if (signalled) process.exit(1);
    signalled = true;
    agent.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

await main();
