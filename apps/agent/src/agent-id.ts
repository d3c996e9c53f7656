import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * This agent's identity: created once per state directory and kept, so the control plane can
 * tell the same agent reconnecting (its old stream is replaced) from a second agent that was
 * given the same node name by mistake (refused).
 */
export function loadAgentId(file: string): string {
  try {
    const id = readFileSync(file, 'utf8').trim();
    if (id) return id;
  } catch {
    // first start
  }
  const id = randomUUID();
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${id}\n`, { mode: 0o600 });
  return id;
}
