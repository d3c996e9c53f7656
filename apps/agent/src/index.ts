// Public API of the agent for embedding (`mosaic up`, `mosaic agent`, tests).
export { startAgent, agentVersion, type Agent } from './agent.js';
export type { AgentOptions } from './agent-options.js';
export { agentOptionsFromFlags, readAgentArgv, agentUsage, AGENT_FLAGS, type AgentFlagValues } from './config/agent-flags.js';
export { mapArch, tracefsMounted, nodeNameFromHostname, parseLabels, parseCpuCapacity, parseMemoryCapacity } from './node/node-facts-parsing.js';
export type { NodeFacts } from './node/node-facts.js';
