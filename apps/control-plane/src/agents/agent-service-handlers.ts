import type { pb } from '@mosaic/proto';
import { AgentSession, type AgentCall, type AgentSessionDeps } from './agent-session.js';

/** `mosaic.v1.AgentService`: every Connect stream is one {@link AgentSession}. */
export function createAgentServiceHandlers(deps: AgentSessionDeps, onSession: (session: AgentSession) => void): pb.AgentServiceHandlers {
  return {
    Connect: (call: AgentCall) => {
      const session = new AgentSession(call, deps);
      onSession(session);
      session.start();
    },
  };
}
