// Kubernetes placement backend, part 1: kubeconfig, typed client with server-side
// apply, node inventory, error mapping and quantity parsing.
export * from './client/apply-options.js';
export * from './client/kubernetes-client.js';
export * from './errors/field-manager-conflict-error.js';
export * from './errors/kubernetes-status.js';
export * from './errors/map-kubernetes-error.js';
export * from './errors/wait-timeout-error.js';
export * from './inventory/inventory-node.js';
export * from './inventory/node-inventory-options.js';
export * from './inventory/node-inventory.js';
export * from './inventory/to-inventory-node.js';
export * from './kubeconfig/kubeconfig-options.js';
export * from './kubeconfig/load-kubeconfig.js';
export * from './quantity/parse-quantity.js';
