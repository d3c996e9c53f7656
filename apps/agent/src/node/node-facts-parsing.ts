import { InvalidArgumentError, labelKey, labelValue, parseCpuMillis, parseMemoryBytes } from '@mosaic/api';

/**
 * The pure half of node facts: turning what Node and the kernel say into what the scheduler
 * matches on. The I/O half is `node-facts.ts`.
 */

/** Node's `process.arch` in the names Go, Kubernetes and container images use (and workloads' `placement.arch`). */
const ARCH_NAMES: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips: 'mips',
  mipsel: 'mipsle',
};

/** `x64` → `amd64`; a big-endian ppc64 stays `ppc64`; unknown names pass through. */
export function mapArch(nodeArch: string, endianness: 'BE' | 'LE' = 'LE'): string {
  if (nodeArch === 'ppc64' && endianness === 'BE') return 'ppc64';
  return ARCH_NAMES[nodeArch] ?? nodeArch;
}

/** Whether `/proc/mounts` (its text) lists a tracefs mount, which bpftrace needs to attach probes. */
export function tracefsMounted(procMounts: string): boolean {
  return procMounts.split('\n').some((line) => line.split(/\s+/)[2] === 'tracefs');
}

/**
 * A host name as a Node name (a DNS-1123 label): lower-cased, up to the first dot, anything
 * else than letters, digits and `-` as `-`, trimmed to 63 characters without `-` at the ends.
 */
export function nodeNameFromHostname(hostname: string): string {
  const label = hostname.toLowerCase().split('.')[0]!.replace(/[^a-z0-9-]/g, '-').slice(0, 63).replace(/^-+|-+$/g, '');
  return label || 'node';
}

/**
 * `zone=a,env=dev` → `{ zone: 'a', env: 'dev' }`. Empty input is no labels.
 * @throws InvalidArgumentError naming every bad pair.
 */
export function parseLabels(text: string, path = '--labels'): Record<string, string> {
  const labels: Record<string, string> = {};
  const violations: { path: string; message: string }[] = [];
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    if (eq < 0) violations.push({ path, message: `"${pair}" is not key=value` });
    else if (!labelKey.safeParse(key).success) violations.push({ path, message: `"${key}" is not a valid label key` });
    else if (!labelValue.safeParse(value).success) violations.push({ path, message: `"${value}" is not a valid label value (key ${key})` });
    else if (key in labels) violations.push({ path, message: `label "${key}" is given twice` });
    else labels[key] = value;
  }
  if (violations.length) throw new InvalidArgumentError('invalid labels', violations);
  return labels;
}

/** `4`, `500m` → millicores. @throws InvalidArgumentError */
export function parseCpuCapacity(text: string, path = '--capacity-cpu'): number {
  const millis = parseCpuMillis(text.trim());
  if (millis === undefined || millis <= 0) throw new InvalidArgumentError('invalid capacity', [{ path, message: `"${text}" is not a cpu quantity such as 4 or 3500m` }]);
  return millis;
}

/** `8Gi`, `512Mi`, `1000000000` → bytes. @throws InvalidArgumentError */
export function parseMemoryCapacity(text: string, path = '--capacity-memory'): number {
  const bytes = parseMemoryBytes(text.trim());
  if (bytes === undefined || bytes <= 0) throw new InvalidArgumentError('invalid capacity', [{ path, message: `"${text}" is not a memory quantity such as 8Gi or 512Mi` }]);
  return bytes;
}
