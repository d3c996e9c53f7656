import { existsSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { StatePaths } from './paths.js';
import { isOurProcess, isPidAlive, stopProcess } from './processes.js';
import { progress } from './step.js';

/** Stop order: the reverse of start order, so nothing restarts what was just stopped. */
const STOP_ORDER = ['kwok', 'kube-scheduler', 'kube-controller-manager', 'kube-apiserver', 'etcd'];

/**
 * Stops the processes named by this state dir's pid files, and only those: a pid
 * is signalled only while it still runs the binary named after the component.
 */
export async function stopComponents(paths: StatePaths): Promise<string[]> {
  if (!existsSync(paths.pids)) return [];
  const files = readdirSync(paths.pids).filter((f) => f.endsWith('.pid'));
  const names = files.map((f) => f.slice(0, -'.pid'.length));
  names.sort((a, b) => rank(a) - rank(b));
  const stopped: string[] = [];
  for (const name of names) {
    const pidFile = join(paths.pids, `${name}.pid`);
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
    if (Number.isInteger(pid) && pid > 0) {
      if (isOurProcess(pid, name)) {
        const how = await stopProcess(pid);
        progress(`${name} (pid ${pid}) ${how}`);
        stopped.push(name);
      } else if (isPidAlive(pid)) {
        progress(`pid ${pid} from ${pidFile} no longer runs ${name}; left alone`);
      }
    }
    unlinkSync(pidFile);
  }
  return stopped;
}

function rank(name: string): number {
  const i = STOP_ORDER.indexOf(name);
  return i === -1 ? STOP_ORDER.length : i;
}
