import { lstatSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/** Instance ids become directory names: only the characters the reconciler uses. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;

/**
 * `<pinRoot>/<instance id>`: the one directory an object instance owns on the BPF filesystem.
 * @throws Error for an id that is not a plain file name (`..`, slashes).
 */
export function instancePinDir(pinRoot: string, instanceId: string): string {
  if (!SAFE_ID.test(instanceId) || instanceId.includes('..')) throw new Error(`instance id ${JSON.stringify(instanceId)} cannot name a pin directory`);
  return join(resolve(pinRoot), instanceId);
}

/**
 * Removes an instance's pin directory: unpinning its link detaches the program, and the
 * kernel frees programs and maps nobody else holds. Refuses any path that is not directly
 * under `pinRoot` — it never touches another pin. Returns whether something was removed.
 */
export function removePinDir(pinRoot: string, dir: string): boolean {
  const root = resolve(pinRoot);
  const target = resolve(dir);
  if (!target.startsWith(root + sep) || target.slice(root.length + 1).includes(sep)) {
    throw new Error(`refusing to remove ${target}: not an instance directory under ${root}`);
  }
  if (!lstatSync(target, { throwIfNoEntry: false })) return false;
  removeTree(target);
  return true;
}

function removeTree(path: string): void {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isDirectory()) {
    // Links first, so programs detach before their maps go.
    const entries = readdirSync(path).sort((a, b) => (a === 'links' ? -1 : b === 'links' ? 1 : 0));
    for (const entry of entries) removeTree(join(path, entry));
    rmdirSync(path);
  } else {
    unlinkSync(path);
  }
}
