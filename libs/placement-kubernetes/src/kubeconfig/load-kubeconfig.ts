import { KubeConfig } from '@kubernetes/client-node';
import { InvalidArgumentError } from '@mosaic/api';
import type { KubeConfigOptions } from './kubeconfig-options.js';

/**
 * Loads a kubeconfig and checks it names a cluster, so a bad path fails here with
 * InvalidArgumentError rather than on the first request.
 */
export function loadKubeConfig(options: KubeConfigOptions = {}): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (options.path !== undefined) kc.loadFromFile(options.path);
    else kc.loadFromDefault();
  } catch (error) {
    throw new InvalidArgumentError(`cannot load kubeconfig ${options.path ?? '(default)'}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (options.context !== undefined) {
    if (!kc.getContexts().some((c) => c.name === options.context)) {
      throw new InvalidArgumentError(`kubeconfig ${options.path ?? '(default)'} has no context "${options.context}"`);
    }
    kc.setCurrentContext(options.context);
  }
  if (kc.getCurrentCluster() === null) {
    throw new InvalidArgumentError(`kubeconfig ${options.path ?? '(default)'} selects no cluster`);
  }
  return kc;
}
