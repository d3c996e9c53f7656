import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { release } from 'node:os';
import { join } from 'node:path';
import type { RuntimeAvailability } from '@mosaic/runtime';
import { canLoadBpfWith, parseCapEff } from './capabilities.js';
import { findExecutable } from '@mosaic/runtime-process';

/** statfs f_type of the BPF filesystem (linux/magic.h). */
const BPF_FS_MAGIC = 0xcafe4a11;

export interface BpftraceTool {
  path: string;
  version: string;
  /**
   * Arguments that make bpftrace parse, type-check and compile a script without loading or
   * attaching anything: `--dry-run` (bpftrace ≥ 0.18) or `-d` (0.17, which also prints debug
   * output, discarded). Empty when the version has neither: verification then happens at the
   * real start, which fails before the attach marker.
   */
  dryRunArgs: string[];
}

/** What `probe()` looks at. */
export interface BpfHostFacts {
  kernelRelease: string;
  btf: boolean;
  /** CAP_BPF+CAP_PERFMON (or CAP_SYS_ADMIN, or root when capabilities are unknown). */
  privileged: boolean;
  tracefs: boolean;
  bpffs: boolean;
  bpftrace?: BpftraceTool;
  bpftool?: { path: string; version: string };
  /** The object loader, when built. */
  loader?: string;
}

export { findExecutable };

/** stdout + stderr of a short command, whatever its exit status; '' when it cannot run. */
function capture(file: string, args: string[], timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' } }, (_err, stdout, stderr) => resolve(`${stdout}${stderr}`));
  });
}

/** Picks bpftrace's dry-run flag from its `--help` text. */
export function dryRunArgsFromHelp(help: string): string[] {
  if (/--dry-run\b/.test(help)) return ['--dry-run'];
  if (/^\s*-d\s+\(dry run\)/m.test(help)) return ['-d'];
  return [];
}

export interface DetectOptions {
  searchPath: string;
  bpftracePath?: string;
  bpftoolPath?: string;
  loaderPath: string;
  bpffsRoot: string;
  tracefsRoot: string;
}

/** Looks at this machine; never throws. */
export async function detectBpfHost(options: DetectOptions): Promise<BpfHostFacts> {
  let status = '';
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    // not Linux, or /proc missing: capabilities unknown
  }
  const bpffsType = await statfs(options.bpffsRoot).then((s) => s.type, () => undefined);
  const facts: BpfHostFacts = {
    kernelRelease: release(),
    btf: existsSync('/sys/kernel/btf/vmlinux'),
    privileged: canLoadBpfWith(process.getuid?.(), parseCapEff(status)),
    tracefs: existsSync(join(options.tracefsRoot, 'events')) || existsSync('/sys/kernel/debug/tracing/events'),
    bpffs: bpffsType === BPF_FS_MAGIC,
  };
  const bpftrace = options.bpftracePath ?? findExecutable('bpftrace', options.searchPath);
  if (bpftrace) {
    const [version, help] = await Promise.all([capture(bpftrace, ['--version']), capture(bpftrace, ['--help'])]);
    const v = /v?(\d+\.\d+(?:\.\d+)?)/.exec(version)?.[1];
    if (v) facts.bpftrace = { path: bpftrace, version: v, dryRunArgs: dryRunArgsFromHelp(help) };
  }
  const bpftool = options.bpftoolPath ?? findExecutable('bpftool', options.searchPath);
  if (bpftool) {
    const v = /v?(\d+\.\d+(?:\.\d+)?)/.exec(await capture(bpftool, ['version']))?.[1];
    if (v) facts.bpftool = { path: bpftool, version: v };
  }
  try {
    accessSync(options.loaderPath, constants.X_OK);
    facts.loader = options.loaderPath;
  } catch {
    // not built
  }
  return facts;
}

/**
 * Whether the runtime is available, from the facts and the agent's permission. Checked in
 * order, the first problem wins: permission, privileges, tracefs, bpffs, bpftrace, bpftool.
 * A missing object loader only degrades it (bpftrace scripts still run). `details` always
 * carries the kernel and BTF facts.
 */
export function availabilityOf(facts: BpfHostFacts, allowBpf: boolean, paths: { bpffsRoot: string; tracefsRoot: string }): RuntimeAvailability {
  const details: Record<string, string> = {
    kernel: facts.kernelRelease,
    btf: String(facts.btf),
    canLoadBpf: String(allowBpf && facts.privileged && facts.tracefs && facts.bpffs),
  };
  if (facts.bpftrace) details['bpftrace'] = `${facts.bpftrace.version} (${facts.bpftrace.dryRunArgs.join(' ') || 'no dry run'})`;
  if (facts.bpftool) details['bpftool'] = facts.bpftool.version;
  const no = (reason: string, message: string): RuntimeAvailability => ({ available: false, reason, message, details });
  if (!allowBpf) return no('BpfNotAllowed', 'loading eBPF programs is not allowed on this agent; start it with allowBpf (mosaic agent --allow-bpf) to run probes');
  if (!facts.privileged) return no('InsufficientPrivileges', 'the agent needs root or CAP_BPF and CAP_PERFMON to load eBPF programs');
  if (!facts.tracefs) return no('TracefsNotMounted', `tracefs is not mounted at ${paths.tracefsRoot} (mount -t tracefs nodev ${paths.tracefsRoot})`);
  if (!facts.bpffs) return no('BpffsNotMounted', `the BPF filesystem is not mounted at ${paths.bpffsRoot} (mount -t bpf bpf ${paths.bpffsRoot})`);
  if (!facts.bpftrace) return no('BpftraceNotFound', 'bpftrace was not found on PATH; install the bpftrace package');
  if (!facts.bpftool) return no('BpftoolNotFound', 'bpftool was not found on PATH; install the bpftool package');
  details['programs'] = facts.loader ? 'bpftrace,object' : 'bpftrace';
  if (!facts.loader) {
    return { available: true, reason: 'ObjectLoaderMissing', message: 'CO-RE objects cannot be loaded: the loader is not built (run tools/ebpf/build.sh); bpftrace scripts run', details };
  }
  return { available: true, details };
}
