/**
 * The CLI is a thin client, except for `mosaic up` and `mosaic agent`, which host the control
 * plane and/or a node agent in this process (DESIGN.md: "the embedded default runs one agent
 * in-process"). That is the one place an app reaches into other apps, so it is explicit here
 * and the module-boundary rule is waived for exactly these imports. The loads are dynamic, so
 * `mosaic get` never pays for SQLite, BullMQ or the drivers.
 */
// eslint-disable-next-line @nx/enforce-module-boundaries -- types of the in-process agent (see above)
import type * as AgentModule from '@mosaic/agent';
// eslint-disable-next-line @nx/enforce-module-boundaries -- types of the in-process control plane (see above)
import type * as ControlPlaneModule from '@mosaic/control-plane';

// eslint-disable-next-line @nx/enforce-module-boundaries -- the agent's flag table only (a light module), so `mosaic agent` and `mosaic-agent` share one definition
export { AGENT_FLAGS, type AgentFlagValues } from '@mosaic/agent/flags';

export type AgentApp = typeof AgentModule;
export type ControlPlaneApp = typeof ControlPlaneModule;

export function loadAgentApp(): Promise<AgentApp> {
  // eslint-disable-next-line @nx/enforce-module-boundaries -- in-process agent for `mosaic agent` / `mosaic up` (see above)
  return import('@mosaic/agent');
}

export function loadControlPlaneApp(): Promise<ControlPlaneApp> {
  // eslint-disable-next-line @nx/enforce-module-boundaries -- in-process control plane for `mosaic up` (see above)
  return import('@mosaic/control-plane');
}
