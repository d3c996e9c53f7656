import {
  DEFAULT_NAMESPACE,
  dnsLabel,
  InvalidArgumentError,
  NotFoundError,
  objectKey,
  validateWorkload,
  WORKLOAD_KIND,
  type FieldViolation,
  type Workload,
} from '@mosaic/api';
import type { Store } from '@mosaic/store';
import { parseQuery, parseRevision } from './parse-query.js';
import { planApply, staleVersion } from './plan-apply.js';
import { watchWorkloads } from './watch-workloads.js';
import type {
  ApplyOptions,
  ApplyOutcome,
  DeleteOptions,
  ListOutcome,
  ListQuery,
  WatchQuery,
  WorkloadWatchEvent,
} from './workload-types.js';

export interface WorkloadServiceOptions {
  /**
   * BOOKMARK interval of watches that do not ask for one.
   * @defaultValue none (required); the control plane passes `ControlPlaneOptions.defaultBookmarkIntervalSeconds`
   */
  defaultBookmarkIntervalSeconds: number;
  /**
   * The clock for dry-run timestamps (creation and deletion times a write would set).
   * @defaultValue `() => new Date()`
   */
  now?: () => Date;
}

/**
 * How many times an apply without a resourceVersion re-reads and retries after losing a race
 * with another writer. Such an apply means "make it so", so a concurrent write is not the
 * caller's problem (Kubernetes' GuaranteedUpdate loops the same way). Every round lets at
 * least one racer win, so N concurrent appliers need at most N rounds; the cap only guards
 * against a pathological stream of writers.
 */
const APPLY_RACE_RETRIES = 100;

const codeOf = (err: unknown): unknown => (err as { code?: unknown } | null)?.code;

/**
 * The Workload API as an application service: validation, apply semantics, queries and
 * watches over the Store. It knows nothing about gRPC, so the same rules hold for every
 * transport (and for in-process callers such as controllers).
 */
export class WorkloadService {
  private readonly now: () => Date;

  constructor(
    private readonly store: Store,
    private readonly options: WorkloadServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Creates or updates a workload from client input (validated strictly here).
   * @throws InvalidArgumentError, AlreadyExistsError, ConflictError, FailedPreconditionError — see `planApply`.
   */
  async apply(input: unknown, options: ApplyOptions = {}): Promise<ApplyOutcome> {
    const desired = validateWorkload(input);
    const { namespace, name, resourceVersion: precondition } = desired.metadata;
    for (let attempt = 0; ; attempt++) {
      const stored = await this.find(namespace, name);
      const plan = planApply(desired, stored, { now: this.now(), ...(options.createOnly ? { createOnly: true } : {}) });
      if (options.dryRun) return { workload: plan.preview, result: plan.result };
      if (plan.result === 'unchanged') return { workload: plan.write, result: 'unchanged' };
      try {
        if (plan.result === 'created') return { workload: await this.store.create(plan.write), result: 'created' };
        const { object, changed } = await this.store.update(plan.write);
        return { workload: object, result: changed ? 'configured' : 'unchanged' };
      } catch (err) {
        // Another writer got in between our read and our write (plan.write carries the read
        // version as a precondition, so nothing was overwritten).
        const lostRace = codeOf(err) === 'ABORTED' || codeOf(err) === 'ALREADY_EXISTS' || codeOf(err) === 'NOT_FOUND';
        if (!lostRace) throw err;
        if (precondition !== undefined) {
          const current = await this.find(namespace, name);
          throw staleVersion(objectKey(desired.metadata), precondition, current?.metadata.resourceVersion ?? 'none (deleted)');
        }
        if (options.createOnly && codeOf(err) === 'ALREADY_EXISTS') throw err;
        if (attempt >= APPLY_RACE_RETRIES) throw err;
      }
    }
  }

  /** @throws NotFoundError */
  async get(namespace: string, name: string): Promise<Workload> {
    const ns = this.checkName(namespace, name);
    const found = await this.find(ns, name);
    if (!found) throw new NotFoundError(`workload "${objectKey({ namespace: ns, name })}" not found`);
    return found;
  }

  /**
   * Lists workloads at one store revision, filtered by namespace, selector and runtime.
   * @throws InvalidArgumentError for bad parameters or a bad continue token.
   * @throws RevisionCompactedError when a continue token's snapshot is gone (list again).
   */
  async list(query: ListQuery = {}): Promise<ListOutcome> {
    const limit = query.limit ?? 0;
    const extra: FieldViolation[] = Number.isSafeInteger(limit) && limit >= 0 ? [] : [{ path: 'limit', message: 'must be 0 (no limit) or a positive page size' }];
    const parsed = parseQuery(query, extra);
    const page = await this.store.list<Workload>(WORKLOAD_KIND, {
      ...parsed,
      ...(limit ? { limit } : {}),
      ...(query.continueToken ? { continueToken: query.continueToken } : {}),
    });
    return { items: page.items, revision: page.revision, ...(page.continueToken ? { continueToken: page.continueToken } : {}) };
  }

  /**
   * Deletes a workload (or marks it terminating while finalizers run).
   * @returns the object as deleted, as terminating, or (dry run) as it is now.
   * @throws NotFoundError, ConflictError (stale `resourceVersion`).
   */
  async delete(namespace: string, name: string, options: DeleteOptions = {}): Promise<Workload> {
    const ns = this.checkName(namespace, name, options.resourceVersion ? this.revisionViolation(options.resourceVersion) : []);
    const key = objectKey({ namespace: ns, name });
    const stored = await this.get(ns, name);
    const given = options.resourceVersion;
    if (given && given !== stored.metadata.resourceVersion) throw staleVersion(key, given, stored.metadata.resourceVersion);
    if (options.dryRun) {
      const terminating = stored.metadata.finalizers?.length && !stored.metadata.deletionTimestamp;
      return terminating ? { ...stored, metadata: { ...stored.metadata, deletionTimestamp: this.now().toISOString() } } : stored;
    }
    try {
      const { object } = await this.store.delete<Workload>(WORKLOAD_KIND, ns, name, given ? { resourceVersion: given } : {});
      return object;
    } catch (err) {
      if (codeOf(err) === 'ABORTED' && given) {
        const current = await this.find(ns, name);
        throw staleVersion(key, given, current?.metadata.resourceVersion ?? 'none (deleted)');
      }
      if (codeOf(err) === 'NOT_FOUND') throw new NotFoundError(`workload "${key}" not found`, { cause: err });
      throw err;
    }
  }

  /**
   * Streams changes (see `watchWorkloads`). The iteration ends when `signal` aborts.
   * @throws InvalidArgumentError for bad parameters (before anything is streamed).
   * @throws RevisionCompactedError when `resourceVersion` is older than the retained history.
   */
  watch(query: WatchQuery, signal: AbortSignal): AsyncGenerator<WorkloadWatchEvent> {
    const extra: FieldViolation[] = [];
    const from = query.resourceVersion ? parseRevision(query.resourceVersion, 'resourceVersion') : undefined;
    if (typeof from === 'object') extra.push(from);
    const interval = query.bookmarkIntervalSeconds || this.options.defaultBookmarkIntervalSeconds;
    if (!(interval > 0)) extra.push({ path: 'bookmarkIntervalSeconds', message: 'must be a positive number of seconds (0: the server default)' });
    const parsed = parseQuery(query, extra);
    return watchWorkloads(this.store, parsed, {
      fromRevision: typeof from === 'number' ? from : undefined,
      bookmarkIntervalMs: interval * 1000,
      signal,
    });
  }

  /** The stored workload, or undefined. */
  private async find(namespace: string, name: string): Promise<Workload | undefined> {
    try {
      return await this.store.get<Workload>(WORKLOAD_KIND, namespace, name);
    } catch (err) {
      if (codeOf(err) === 'NOT_FOUND') return undefined;
      throw err;
    }
  }

  /** Checks a request's namespace and name (empty namespace: `default`) and returns the namespace. */
  private checkName(namespace: string, name: string, extra: FieldViolation[] = []): string {
    const violations = [...extra];
    if (!name) violations.push({ path: 'name', message: 'required' });
    else if (!dnsLabel.safeParse(name).success) violations.push({ path: 'name', message: `"${name}" is not a DNS-1123 label, so no workload has it` });
    try {
      parseQuery({ namespace });
    } catch (err) {
      if (!(err instanceof InvalidArgumentError)) throw err;
      violations.push(...err.violations);
    }
    if (violations.length) throw new InvalidArgumentError('invalid request', violations);
    return namespace || DEFAULT_NAMESPACE;
  }

  private revisionViolation(value: string): FieldViolation[] {
    const r = parseRevision(value, 'resourceVersion');
    return typeof r === 'object' ? [r] : [];
  }
}
