import type { InstanceStatus, Workload } from '@mosaic/api';
import { formatAge } from './age.js';
import { describeFields, humanize } from './describe-fields.js';
import { renderTable } from './table.js';

const none = (lines: string[]) => (lines.length ? lines : ['<none>']);
const indent = (lines: string[], by = '  ') => lines.map((l) => by + l);

/** Key/value lines with the values in one column, like kubectl's top block. */
function block(rows: [string, string | string[]][]): string[] {
  const width = Math.max(...rows.map(([k]) => k.length + 1));
  return rows.flatMap(([k, v]) => {
    const [first = '', ...rest] = Array.isArray(v) ? none(v) : [v];
    return [`${`${k}:`.padEnd(width)}  ${first}`, ...rest.map((r) => `${' '.repeat(width)}  ${r}`)];
  });
}

/**
 * Where an instance answers: `http=127.0.0.1:41234` per reported port (`/udp` for UDP). Services
 * bind on their node, so the address is the node's loopback; the NODE column says which node.
 */
export function instanceEndpoints(i: Pick<InstanceStatus, 'ports'>): string {
  return (i.ports ?? []).map((p) => `${p.name}=127.0.0.1:${p.port}${p.protocol === 'UDP' ? '/udp' : ''}`).join(',');
}

const pairs = (m: Record<string, string> | undefined) => Object.entries(m ?? {}).map(([k, v]) => `${k}=${v}`);

/**
 * `mosaic describe`: metadata, the spec (the runtime's own section described generically),
 * placement and rollout, then status with conditions and instances as tables.
 */
export function describeWorkload(w: Workload, now: Date): string {
  const { metadata: m, spec, status } = w;
  const created = m.creationTimestamp ? `${m.creationTimestamp} (${formatAge(m.creationTimestamp, now)} ago)` : '<unknown>';
  const out = block([
    ['Name', m.name],
    ['Namespace', m.namespace],
    ['Labels', pairs(m.labels)],
    ['Annotations', pairs(m.annotations)],
    ['UID', m.uid ?? ''],
    ['Resource Version', m.resourceVersion ?? ''],
    ['Generation', String(m.generation ?? '')],
    ['Created', created],
    ...(m.deletionTimestamp ? [['Deleting Since', m.deletionTimestamp] as [string, string]] : []),
    ...(m.finalizers?.length ? [['Finalizers', m.finalizers.join(', ')] as [string, string]] : []),
    ['Runtime', spec.runtime],
    ['Replicas', `${spec.replicas} desired`],
    ['Resources', `cpu ${spec.resources.cpu}, memory ${spec.resources.memory}`],
  ]);

  const section = (spec as unknown as Record<string, unknown>)[spec.runtime];
  out.push(`${humanize(spec.runtime)}:`, ...indent(none(describeFields((section ?? {}) as Record<string, unknown>))));
  out.push('Placement:', ...indent(none(describeFields(spec.placement))));
  out.push('Rollout:', ...indent(none(describeFields(spec.rollout))));

  out.push('Status:');
  out.push(...indent(block([
    ['Phase', status?.phase ?? 'Pending'],
    ['Observed Generation', String(status?.observedGeneration ?? '<none>')],
    ['Revision', String(status?.revision ?? '<none>')],
  ])));
  const rollout = status?.rollout;
  if (rollout) {
    const { events: _events, ...summary } = rollout;
    out.push('  Rollout:', ...indent(describeFields(summary), '    '));
  }

  const conditions = status?.conditions ?? [];
  out.push('Conditions:');
  out.push(...indent(conditions.length
    ? renderTable(['TYPE', 'STATUS', 'REASON', 'AGE', 'MESSAGE'], conditions.map((c) => [c.type, c.status, c.reason, formatAge(c.lastTransitionTime, now), c.message]))
    : ['<none>']));

  const instances = status?.instances ?? [];
  out.push('Instances:');
  out.push(...indent(instances.length
    ? renderTable(
      ['ID', 'NODE', 'REVISION', 'STATE', 'RESTARTS', 'ENDPOINTS', 'MESSAGE'],
      instances.map((i) => [i.id, i.node || '<none>', String(i.revision), i.state, String(i.restarts), instanceEndpoints(i) || '<none>', i.message ?? '']),
    )
    : ['<none>']));

  // Rollout transitions, newest last (kubectl describe's Events).
  const events = rollout?.events ?? [];
  out.push('Events:');
  out.push(...indent(events.length
    ? renderTable(['TYPE', 'REASON', 'AGE', 'REVISION', 'MESSAGE'], events.map((e) => [e.type, e.reason, formatAge(e.at, now), String(e.revision), e.message]))
    : ['<none>']));
  return out.join('\n') + '\n';
}
