/** Options of {@link NodeInventory}. */
export interface NodeInventoryOptions {
  /**
   * Only nodes matching this label selector are tracked.
   * @defaultValue undefined (every node)
   */
  readonly labelSelector?: string;
  /**
   * Wait this long before re-listing after the watch fails (the API server went
   * away, the connection dropped). Doubles up to 30 s while failures repeat.
   * @defaultValue 1000
   */
  readonly restartDelayMs?: number;
}
