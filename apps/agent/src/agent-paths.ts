import { join } from 'node:path';

/**
 * The layout of an agent's state directory. Instances live under their namespace, so two
 * namespaces may use the same instance name:
 *
 * ```
 * <state>/agent-id                          this agent's identity (a restart keeps it)
 * <state>/records/<ns>/<instance>.json      what adoption needs after a restart
 * <state>/instances/<ns>/<instance>/        the driver's private directory
 * <state>/logs/<ns>/<instance>.log[.N]      output, rotated by the driver
 * ```
 */
export class AgentPaths {
  constructor(readonly stateDir: string) {}

  get agentIdFile(): string {
    return join(this.stateDir, 'agent-id');
  }

  get recordsDir(): string {
    return join(this.stateDir, 'records');
  }

  recordFile(namespace: string, name: string): string {
    return join(this.recordsDir, namespace, `${name}.json`);
  }

  instanceDir(namespace: string, name: string): string {
    return join(this.stateDir, 'instances', namespace, name);
  }

  logDir(namespace: string): string {
    return join(this.stateDir, 'logs', namespace);
  }
}
