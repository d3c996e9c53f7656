import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { InstanceRecord } from '@mosaic/runtime';
import type { AgentPaths } from '../agent-paths.js';
import type { Assignment } from './assignment.js';

/** Layout version of a persisted file; bumped on incompatible changes. */
const FILE_VERSION = 1;

/** One persisted instance: the control plane's assignment plus the driver's record, verbatim. */
export interface PersistedInstance {
  version: typeof FILE_VERSION;
  assignment: Assignment;
  record: InstanceRecord;
}

/**
 * The records a restarted agent adopts from. Written on every change of a handle, atomically
 * (temp file + rename), so a `kill -9` mid-write leaves the previous version, never half a file.
 */
export class RecordFiles {
  constructor(private readonly paths: AgentPaths) {}

  write(assignment: Assignment, record: InstanceRecord): void {
    const file = this.paths.recordFile(assignment.namespace, assignment.name);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const body: PersistedInstance = { version: FILE_VERSION, assignment, record };
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(body), { mode: 0o600 });
    renameSync(tmp, file);
  }

  remove(namespace: string, name: string): void {
    rmSync(this.paths.recordFile(namespace, name), { force: true });
  }

  /** Every persisted instance; unreadable files come back as `problem` so the caller can log and drop them. */
  readAll(): ({ file: string; instance: PersistedInstance } | { file: string; problem: string })[] {
    const out: ({ file: string; instance: PersistedInstance } | { file: string; problem: string })[] = [];
    for (const namespace of listDir(this.paths.recordsDir)) {
      const dir = join(this.paths.recordsDir, namespace);
      for (const name of listDir(dir).filter((f) => f.endsWith('.json'))) {
        const file = join(dir, name);
        try {
          const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<PersistedInstance>;
          if (parsed.version !== FILE_VERSION || !parsed.assignment || !parsed.record) out.push({ file, problem: `unsupported layout (version ${String(parsed.version)})` });
          else out.push({ file, instance: parsed as PersistedInstance });
        } catch (err) {
          out.push({ file, problem: (err as Error).message });
        }
      }
    }
    return out;
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
