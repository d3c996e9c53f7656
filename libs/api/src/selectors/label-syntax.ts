// Label key and value syntax, as Kubernetes validates it (apimachinery validation.IsQualifiedName
// and IsValidLabelValue), so selectors and labels that work there work here.

const NAME_MAX = 63;
const PREFIX_MAX = 253;
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Why `key` is not a valid label key, or `undefined` when it is.
 * A key is `[prefix/]name`: the optional prefix a DNS-1123 subdomain (≤ 253 characters, e.g.
 * `mosaic.dev`), the name ≤ 63 characters of `[A-Za-z0-9._-]` beginning and ending alphanumeric.
 */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix.length === 0) return `label key "${key}" has an empty prefix before "/"`;
    if (prefix.length > PREFIX_MAX) return `label key prefix "${prefix}" is longer than ${PREFIX_MAX} characters`;
    if (!DNS1123_SUBDOMAIN.test(prefix)) {
      return `label key prefix "${prefix}" must be a lowercase DNS subdomain (e.g. "mosaic.dev")`;
    }
  }
  if (name.length === 0) return `label key "${key}" has an empty name`;
  if (name.length > NAME_MAX) return `label key name "${name}" is longer than ${NAME_MAX} characters`;
  if (!NAME.test(name)) {
    return `label key "${key}" must consist of alphanumerics, "-", "_" or ".", and begin and end with an alphanumeric`;
  }
  return undefined;
}

/**
 * Why `value` is not a valid label value, or `undefined` when it is.
 * A value is empty, or ≤ 63 characters of `[A-Za-z0-9._-]` beginning and ending alphanumeric.
 */
export function labelValueProblem(value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (value.length > NAME_MAX) return `label value "${value}" is longer than ${NAME_MAX} characters`;
  if (!NAME.test(value)) {
    return `label value "${value}" must consist of alphanumerics, "-", "_" or ".", and begin and end with an alphanumeric`;
  }
  return undefined;
}
