/** The parts of a metav1.Status body that error mapping reads. */
export interface KubernetesStatus {
  readonly code?: number;
  readonly reason?: string;
  readonly message?: string;
  readonly details?: {
    readonly name?: string;
    readonly kind?: string;
    readonly causes?: readonly KubernetesStatusCause[];
  };
}

export interface KubernetesStatusCause {
  readonly reason?: string;
  readonly message?: string;
  readonly field?: string;
}

/**
 * The Status from an error body: client-node 1.x hands it over as the raw
 * response text, older code paths as an object. Anything else yields undefined.
 */
export function parseKubernetesStatus(body: unknown): KubernetesStatus | undefined {
  if (typeof body === 'string') {
    try {
      return parseKubernetesStatus(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  if (typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status') {
    return body;
  }
  return undefined;
}
