/** Bounds on what a YAML document may cost to load; exceeding one is an InvalidArgumentError. */
export const YAML_LIMITS = {
  /** Largest single document, in bytes (1 MiB). */
  maxDocumentBytes: 1024 * 1024,
  /** Alias expansions allowed per document: stops "billion laughs" before memory grows. */
  maxAliasCount: 100,
} as const;
