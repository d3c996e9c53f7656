export { parseWorkloadYaml, type WorkloadDocument } from './parse-workload-yaml.js';
export { YAML_LIMITS } from './yaml-limits.js';
