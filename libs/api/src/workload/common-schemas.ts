import { z } from 'zod';
import { parseCpuMillis, parseMemoryBytes } from './quantity.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 label: what names and namespaces must be (they end up in hostnames and paths). */
export const dnsLabel = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(DNS1123_LABEL, 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit');

/** A label key: `[prefix/]name`, as in Kubernetes. */
export const labelKey = z.string().refine((key) => {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return false;
  return name.length > 0 && name.length <= 63 && QUALIFIED_NAME.test(name);
}, 'must be a label key: [dns-prefix/]name, name at most 63 characters of letters, digits, "-", "_" and "."');

/** A label value: empty, or at most 63 characters of letters, digits, `-`, `_`, `.`. */
export const labelValue = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/, 'must be a label value: letters, digits, "-", "_" and "."');

export const labelMap = z.record(labelKey, labelValue);
export const stringMap = z.record(z.string(), z.string());

export const cpuQuantity = z
  .string()
  .refine((q) => parseCpuMillis(q) !== undefined, 'must be a cpu quantity such as "500m", "0.5" or "2"');
export const memoryQuantity = z
  .string()
  .refine((q) => parseMemoryBytes(q) !== undefined, 'must be a memory quantity such as "256Mi", "1Gi" or "500M"');

/** An absolute count or a percentage: `1`, `"25%"`. */
export const intOrPercent = z
  .union([z.int().min(0), z.string().regex(/^\d+%?$/, 'must be a count like "1" or a percentage like "25%"')])
  .transform(String);

export const sha256Hex = z.string().regex(/^[a-f0-9]{64}$/, 'must be 64 lower-case hex digits (a sha256 digest)');

export const positiveInt = z.int().min(1);
export const nonNegativeInt = z.int().min(0);

/** Keys of a strict object that must appear exactly once among the given ones. */
export function exactlyOneOf<T extends Record<string, unknown>>(keys: readonly (keyof T & string)[], what: string) {
  return (value: T, ctx: z.RefinementCtx) => {
    const present = keys.filter((k) => value[k] !== undefined);
    if (present.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: present.length === 0
          ? `${what} needs exactly one of: ${keys.join(', ')}`
          : `${what} takes exactly one of: ${keys.join(', ')} (got ${present.join(' and ')})`,
      });
    }
  };
}
