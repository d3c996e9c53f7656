import {
  InvalidArgumentError, RUNTIMES, dnsLabel, labelKey, labelValue,
  type Condition, type ConditionStatus, type FieldViolation, type InstanceObject, type InstanceObjectStatus, type InstanceState, type ResolvedPort, type RuntimeName,
} from '@mosaic/api';
import type { pb } from '@mosaic/proto';
import type { AgentInstanceReport, AgentRegistration } from './agent-types.js';

/**
 * The thin edge between the agent protocol's wire messages and the domain. Pure: no store,
 * no clock. Everything an agent sends is checked here, because an agent is a remote program
 * that may be older, newer or simply wrong.
 */

const INSTANCE_STATES: ReadonlySet<string> = new Set<InstanceState>(['Pending', 'Starting', 'Running', 'Succeeded', 'Failed', 'Stopping', 'Stopped']);
const CONDITION_STATUSES: ReadonlySet<string> = new Set<ConditionStatus>(['True', 'False', 'Unknown']);
const KNOWN_RUNTIMES: ReadonlySet<string> = new Set(RUNTIMES);

/**
 * A validated registration.
 * @throws InvalidArgumentError listing every problem (field paths as in the .proto, camel-cased).
 */
export function registrationFromProto(message: pb.RegisterNode__Output | undefined): AgentRegistration {
  const violations: FieldViolation[] = [];
  const check = (path: string, ok: boolean, message: string) => ok || violations.push({ path, message });
  const reg = message ?? {};
  const nodeName = reg.nodeName ?? '';
  const nameCheck = dnsLabel.safeParse(nodeName);
  check('register.nodeName', nameCheck.success, nameCheck.error?.issues[0]?.message ?? '');
  check('register.agentId', Boolean(reg.agentId), 'required');
  const labels = reg.labels ?? {};
  for (const [key, value] of Object.entries(labels)) {
    check(`register.labels[${key}]`, labelKey.safeParse(key).success, 'not a valid label key');
    check(`register.labels[${key}]`, labelValue.safeParse(value).success, 'not a valid label value');
  }
  const facts = reg.facts ?? {};
  const cpuMillis = Number(facts.capacity?.cpuMillis ?? 0);
  const memoryBytes = Number(facts.capacity?.memoryBytes ?? 0);
  check('register.facts.capacity.cpuMillis', Number.isSafeInteger(cpuMillis) && cpuMillis > 0, 'must be a positive integer');
  check('register.facts.capacity.memoryBytes', Number.isSafeInteger(memoryBytes) && memoryBytes > 0, 'must be a positive integer');
  const instances = (reg.instances ?? []).map((r, i) => reportFromProto(r, `register.instances[${i}]`, violations));
  if (violations.length) throw new InvalidArgumentError('invalid node registration', violations);

  const probes = facts.runtimes ?? [];
  return {
    nodeName,
    agentId: reg.agentId!,
    labels,
    facts: {
      arch: facts.arch ?? '',
      kernelVersion: facts.kernelVersion ?? '',
      btf: facts.btf === true,
      canLoadBpf: facts.canLoadBpf === true,
      // A runtime this control plane's schema does not know cannot be asked for anyway.
      runtimes: probes.filter((p) => p.available && KNOWN_RUNTIMES.has(p.name ?? '')).map((p) => p.name as RuntimeName).sort(),
      capacity: { cpuMillis, memoryBytes },
      agentVersion: facts.agentVersion ?? '',
    },
    unavailableRuntimes: probes.filter((p) => !p.available).map((p) => ({ name: p.name ?? '', reason: p.reason ?? '', message: p.message ?? '' })),
    instances,
  };
}

/**
 * An instance report in domain terms. Problems are appended to `violations` when given,
 * else thrown.
 * @throws InvalidArgumentError
 */
export function reportFromProto(r: pb.InstanceReport__Output, path = 'report', violations?: FieldViolation[]): AgentInstanceReport {
  const found: FieldViolation[] = violations ?? [];
  const before = found.length;
  if (!r.instanceId) found.push({ path: `${path}.instanceId`, message: 'required' });
  if (!r.namespace) found.push({ path: `${path}.namespace`, message: 'required' });
  if (r.state && !INSTANCE_STATES.has(r.state)) found.push({ path: `${path}.state`, message: `unknown state "${r.state}"` });
  const ports = portsFromProto(r.ports ?? [], `${path}.ports`, found);
  if (!violations && found.length > before) throw new InvalidArgumentError('invalid instance report', found);
  const report: AgentInstanceReport = {
    namespace: r.namespace ?? '',
    name: r.instanceId ?? '',
    uid: r.uid ?? '',
    restarts: r.restarts ?? 0,
    conditions: (r.conditions ?? []).map(conditionFromProto),
    released: r.released === true,
  };
  if (r.state) report.state = r.state as InstanceState;
  if (r.exitCode !== undefined) report.exitCode = r.exitCode;
  if (r.reason) report.reason = r.reason;
  if (r.message) report.message = r.message;
  if (r.startedAt) report.startedAt = r.startedAt;
  if (r.updatedAt) report.updatedAt = r.updatedAt;
  if (ports.length) report.ports = ports;
  return report;
}

/** An instance's reported host ports: a name, 1..65535, TCP (the default) or UDP. */
function portsFromProto(ports: pb.Port__Output[], path: string, found: FieldViolation[]): ResolvedPort[] {
  const out: ResolvedPort[] = [];
  ports.forEach((p, i) => {
    const protocol = p.protocol || 'TCP';
    const port = p.port ?? 0;
    if (!p.name) found.push({ path: `${path}[${i}].name`, message: 'required' });
    else if (!Number.isInteger(port) || port < 1 || port > 65535) found.push({ path: `${path}[${i}].port`, message: `must be 1..65535, got ${port}` });
    else if (protocol !== 'TCP' && protocol !== 'UDP') found.push({ path: `${path}[${i}].protocol`, message: `must be TCP or UDP, got "${protocol}"` });
    else out.push({ name: p.name, port, protocol });
  });
  return out;
}

function conditionFromProto(c: pb.Condition__Output): Condition {
  return {
    type: c.type ?? '',
    status: CONDITION_STATUSES.has(c.status ?? '') ? (c.status as ConditionStatus) : 'Unknown',
    reason: c.reason ?? '',
    message: c.message ?? '',
    lastTransitionTime: c.lastTransitionTime ?? '',
  };
}

/** The Assign for an Instance object: everything the agent needs, nothing it has to look up. */
export function assignFor(instance: InstanceObject): pb.ControlMessage {
  const { metadata, spec } = instance;
  return {
    assign: {
      instanceId: metadata.name,
      namespace: metadata.namespace,
      uid: metadata.uid ?? '',
      workload: spec.workload,
      revision: spec.revision,
      runtime: spec.runtime,
      // The domain spec and the proto message share field names (see workload-proto.ts).
      template: spec.template as unknown as pb.WorkloadSpec,
      labels: metadata.labels ?? {},
    },
  };
}

export function stopFor(ref: { namespace: string; name: string }, graceSeconds = 0): pb.ControlMessage {
  return { stop: { instanceId: ref.name, namespace: ref.namespace, graceSeconds } };
}

/** The Instance status an agent's report stands for; `now` (RFC 3339) when the agent sent no time. */
export function statusFromReport(report: AgentInstanceReport, now: string): InstanceObjectStatus {
  const status: InstanceObjectStatus = { state: report.state ?? 'Pending', restarts: report.restarts, updatedAt: report.updatedAt ?? now };
  if (report.exitCode !== undefined) status.exitCode = report.exitCode;
  if (report.reason) status.reason = report.reason;
  if (report.message) status.message = report.message;
  if (report.conditions.length) status.conditions = report.conditions;
  if (report.startedAt) status.startedAt = report.startedAt;
  if (report.ports?.length) status.ports = report.ports;
  return status;
}
