import type { SpreadTopology } from '../framework/scheduling-context.js';

/**
 * The {@link SpreadTopology} of one call, kept current incrementally: placing an instance
 * updates one domain's count and the max in O(1); the min moves only when the last domain at
 * the min is incremented, which happens once per round of domains, so it stays O(1) amortized.
 */
export class SpreadState implements SpreadTopology {
  readonly domains: string[] = [];
  readonly counts: number[] = [];
  /** Whether each domain has a node that passed the `static` filters. */
  private readonly eligible: boolean[] = [];
  private readonly index = new Map<string, number>();
  minCount = 0;
  maxCount = 0;
  /** Eligible domains whose count equals `minCount`. */
  private atMin = 0;

  constructor(
    readonly topologyKey: string,
    readonly maxSkew: number,
  ) {}

  /** The index of a domain, added on first sight; `eligible` marks it usable by this request. */
  domainOf(value: string, eligible: boolean): number {
    let d = this.index.get(value);
    if (d === undefined) {
      d = this.domains.length;
      this.index.set(value, d);
      this.domains.push(value);
      this.counts.push(0);
      this.eligible.push(eligible);
    } else if (eligible) {
      this.eligible[d] = true;
    }
    return d;
  }

  /** Counts instances that already run in a domain. */
  addExisting(domain: number, instances: number): void {
    this.counts[domain] = (this.counts[domain] ?? 0) + instances;
  }

  /** Computes min and max once the domains and existing counts are known. */
  finish(): void {
    let min = Infinity;
    let max = 0;
    for (let d = 0; d < this.domains.length; d++) {
      if (!this.eligible[d]) continue;
      const c = this.counts[d]!;
      if (c < min) min = c;
      if (c > max) max = c;
    }
    this.minCount = min === Infinity ? 0 : min;
    this.maxCount = max;
    this.atMin = this.countAt(this.minCount);
  }

  /** One more instance placed in an (eligible) domain. */
  increment(domain: number): void {
    const c = ++this.counts[domain]!;
    if (c > this.maxCount) this.maxCount = c;
    if (c - 1 === this.minCount && this.eligible[domain] && --this.atMin === 0) {
      // That was the last domain at the minimum; every eligible one now has at least min + 1.
      this.minCount++;
      this.atMin = this.countAt(this.minCount);
    }
  }

  private countAt(value: number): number {
    let n = 0;
    for (let d = 0; d < this.domains.length; d++) if (this.eligible[d] && this.counts[d] === value) n++;
    return n;
  }
}
