import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { pb } from '@mosaic/proto';
import { getRuntime, type InstanceHandle, type NodeInfo, type RuntimeContext, type RuntimeLogFn } from '@mosaic/runtime';
import type { Logger } from 'pino';
import type { AgentPaths } from '../agent-paths.js';
import { assignmentFromProto, assignmentKey, instanceSpecOf, templateSpec, type Assignment } from './assignment.js';
import { reportOf, unknownInstanceReport, type InstanceView } from './instance-report.js';
import { RecordFiles } from './record-files.js';

export interface InstanceManagerOptions {
  paths: AgentPaths;
  baseDir: string;
  node: NodeInfo;
  log: Logger;
  /** Something about the instance changed: a report is due. */
  onChange(key: string): void;
}

/** One instance the agent holds. */
interface Held extends InstanceView {
  key: string;
  starting?: Promise<void>;
  /** Set once a stop began; resolves with the final (released) report. */
  stopping?: Promise<pb.InstanceReport>;
}

/**
 * The instances of this node: starts assigned ones through the runtime registry (never by
 * runtime name here), persists every handle's record on each change, adopts what a previous
 * agent process left, stops and cleans up on request, and lets go on shutdown.
 *
 * Everything is keyed by `namespace/name`; an Assign for a key already held is a no-op, which
 * is what makes re-delivery after reconnects safe.
 */
export class InstanceManager {
  private readonly held = new Map<string, Held>();
  private readonly records: RecordFiles;

  constructor(private readonly o: InstanceManagerOptions) {
    this.records = new RecordFiles(o.paths);
  }

  get size(): number {
    return this.held.size;
  }

  /** Reports of everything held (also what is being stopped: it still runs), for a registration. */
  reports(now: string): pb.InstanceReport[] {
    return [...this.held.values()].map((h) => reportOf(h, now));
  }

  /**
   * The current report of one instance, unless it is gone. While it stops, reports show
   * Stopping; the released one is sent by whoever stopped it, after which this returns nothing.
   */
  report(key: string, now: string): pb.InstanceReport | undefined {
    const held = this.held.get(key);
    return held ? reportOf(held, now) : undefined;
  }

  /** Everything held right now (also what is starting or stopping), for `/metrics`. */
  views(): InstanceView[] {
    return [...this.held.values()];
  }

  /** The handle serving `namespace/name`'s logs, if the agent holds it. */
  handle(namespace: string, name: string): InstanceHandle | undefined {
    return this.held.get(assignmentKey({ namespace, name }))?.handle;
  }

  /**
   * Re-attaches every instance a previous agent process persisted. Those the runtime cannot
   * adopt (process gone, unknown runtime, unreadable record) are cleaned up: the control plane
   * assigns them again if they are still wanted.
   */
  async adoptAll(): Promise<{ adopted: number; cleanedUp: number }> {
    let adopted = 0;
    let cleanedUp = 0;
    for (const entry of this.records.readAll()) {
      if ('problem' in entry) {
        this.o.log.warn({ file: entry.file, problem: entry.problem }, 'dropping an unreadable instance record');
        await rm(entry.file, { force: true });
        cleanedUp++;
        continue;
      }
      const { assignment, record } = entry.instance;
      const key = assignmentKey(assignment);
      let handle: InstanceHandle | undefined;
      try {
        handle = await getRuntime(record.runtime).adopt(record, this.context(assignment));
      } catch (err) {
        this.o.log.warn({ err, instance: key }, 'cannot adopt instance');
      }
      if (!handle) {
        await this.removeFiles(assignment, await logFilesOf(record.logFile), record.instanceDir);
        cleanedUp++;
        continue;
      }
      const held: Held = { key, assignment };
      this.held.set(key, held);
      this.attach(held, handle);
      adopted++;
    }
    return { adopted, cleanedUp };
  }

  /** Starts an assigned instance; a no-op when its key is already held. */
  assign(msg: pb.AssignInstance__Output): void {
    let assignment: Assignment;
    try {
      assignment = assignmentFromProto(msg);
    } catch (err) {
      // Not even a usable identity: nothing can be reported under a safe name.
      this.o.log.error({ err, instanceId: msg.instanceId, namespace: msg.namespace }, 'ignoring a malformed assignment');
      return;
    }
    const key = assignmentKey(assignment);
    if (this.held.has(key)) return;
    const held: Held = { key, assignment };
    this.held.set(key, held);
    held.starting = this.start(held, msg.template).finally(() => (held.starting = undefined));
  }

  /**
   * Stops an instance for good, removes its files and forgets it.
   * @returns the final report (with `released`), also for an instance it never held.
   */
  stop(namespace: string, name: string, graceMs?: number): Promise<pb.InstanceReport> {
    const held = this.held.get(assignmentKey({ namespace, name }));
    if (!held) return Promise.resolve(unknownInstanceReport(namespace, name, new Date().toISOString()));
    held.stopping ??= this.release(held, graceMs);
    return held.stopping;
  }

  /** Lets go of every instance without touching it (graceful agent shutdown; they are adopted next time). */
  async detachAll(): Promise<void> {
    await Promise.allSettled([...this.held.values()].flatMap((h) => (h.starting ? [h.starting] : [])));
    for (const held of this.held.values()) held.handle?.detach();
    this.held.clear();
  }

  private async start(held: Held, template: pb.WorkloadSpec__Output | undefined): Promise<void> {
    const { assignment } = held;
    try {
      const spec = templateSpec(assignment, template);
      const handle = await getRuntime(assignment.runtime).start(instanceSpecOf(assignment, spec), this.context(assignment));
      this.attach(held, handle);
      this.o.log.info({ instance: held.key, runtime: assignment.runtime, state: handle.state }, 'instance started');
    } catch (err) {
      // e.g. RuntimeNotRegisteredError → reason RuntimeNotRegistered: an operator can act on it.
      const reason = (err as Error).name.replace(/Error$/, '') || 'StartError';
      held.failure = { reason, message: (err as Error).message, at: new Date().toISOString() };
      this.o.log.warn({ err, instance: held.key }, 'instance could not be started');
      this.o.onChange(held.key);
    }
  }

  private attach(held: Held, handle: InstanceHandle): void {
    held.handle = handle;
    const persist = () => {
      try {
        this.records.write(held.assignment, handle.record());
      } catch (err) {
        this.o.log.error({ err, instance: held.key }, 'cannot persist the instance record; a restarted agent may not adopt it');
      }
    };
    handle.on('change', () => {
      persist();
      this.o.onChange(held.key);
    });
    persist();
    this.o.onChange(held.key);
  }

  private async release(held: Held, graceMs: number | undefined): Promise<pb.InstanceReport> {
    await held.starting;
    const { handle, assignment } = held;
    if (handle) await handle.stop(graceMs);
    const report = reportOf(held, new Date().toISOString(), true);
    try {
      const logFiles = handle ? await handle.logs.paths() : [];
      await this.removeFiles(assignment, logFiles, this.o.paths.instanceDir(assignment.namespace, assignment.name));
    } catch (err) {
      this.o.log.warn({ err, instance: held.key }, 'cannot remove the files of a stopped instance');
    }
    this.held.delete(held.key);
    this.o.log.info({ instance: held.key, state: report.state }, 'instance stopped and released');
    return report;
  }

  private async removeFiles(assignment: Assignment, logFiles: string[], instanceDir: string): Promise<void> {
    this.records.remove(assignment.namespace, assignment.name);
    await rm(instanceDir, { recursive: true, force: true });
    await Promise.all(logFiles.map((f) => rm(f, { force: true })));
  }

  private context(assignment: Assignment): RuntimeContext {
    const log: RuntimeLogFn = (level, message, fields) => this.o.log[level]({ ...fields, instance: assignmentKey(assignment) }, message);
    return {
      instanceDir: this.o.paths.instanceDir(assignment.namespace, assignment.name),
      logDir: this.o.paths.logDir(assignment.namespace),
      baseDir: this.o.baseDir,
      node: this.o.node,
      log,
    };
  }
}

/** A live log file and its rotated generations (`<file>.1`, `<file>.2`, …). */
async function logFilesOf(logFile: string): Promise<string[]> {
  const base = basename(logFile);
  try {
    const names = await readdir(dirname(logFile));
    return names.filter((n) => n === base || (n.startsWith(`${base}.`) && /^\d+$/.test(n.slice(base.length + 1)))).map((n) => join(dirname(logFile), n));
  } catch {
    return [];
  }
}
