/** One process to launch: exactly what it runs and sees. */
export interface LaunchSpec {
  /** Program; looked up on `env.PATH` when it has no slash. */
  command: string;
  args: string[];
  /** The complete environment: nothing of the agent's leaks in unless listed here. */
  env: Record<string, string>;
  /** Absolute working directory; must exist. */
  cwd: string;
}
