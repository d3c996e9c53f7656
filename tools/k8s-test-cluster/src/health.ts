import type { HealthCheck } from './components.js';
import { rest, type AdminCredentials } from './kube-rest.js';

/** true when healthy, otherwise a short reason. */
export async function checkHealth(check: HealthCheck, admin: AdminCredentials | undefined): Promise<true | string> {
  try {
    const tls = check.kind === 'http' ? undefined : check.kind === 'apiserver' ? admin : 'self-signed';
    if (check.kind === 'apiserver' && admin === undefined) return 'no admin credentials';
    const response = await rest(check.url, { tls, timeoutMs: 5_000 });
    if (response.status !== 200) return `HTTP ${response.status}: ${response.body.trim().slice(-300)}`;
    // etcd answers 200 with {"health":"false"} when it has no leader.
    if (response.body.includes('"health":"false"')) return response.body.trim();
    return true;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
