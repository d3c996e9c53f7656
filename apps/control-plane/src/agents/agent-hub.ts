import { AlreadyExistsError } from '@mosaic/api';

/** What the hub needs of a session. */
export interface HubSession {
  readonly agentId: string;
  /** Ends the session because a newer connection of the same agent replaced it. */
  replace(): void;
}

/**
 * The connected agents, by node name: sessions claim their node on registration and release it
 * when they end. The LogService finds the agent of an instance's node here.
 */
export class AgentHub<S extends HubSession = HubSession> {
  private readonly sessions = new Map<string, S>();

  /**
   * Makes `session` the node's session. The same agent reconnecting (its old stream may not
   * have noticed yet that the connection is gone) replaces its old session; another agent
   * claiming a connected node's name is refused.
   * @throws AlreadyExistsError when another agent is connected under this node name.
   */
  claim(node: string, session: S): void {
    const current = this.sessions.get(node);
    if (current && current !== session) {
      if (current.agentId !== session.agentId) {
        throw new AlreadyExistsError(`node "${node}" is already connected by another agent (${current.agentId}); give this agent another --node-name`);
      }
      current.replace();
    }
    this.sessions.set(node, session);
  }

  /** Forgets `session` if it still holds the node (a replaced session must not drop its successor). */
  release(node: string, session: S): void {
    if (this.sessions.get(node) === session) this.sessions.delete(node);
  }

  get(node: string): S | undefined {
    return this.sessions.get(node);
  }

  get size(): number {
    return this.sessions.size;
  }
}
