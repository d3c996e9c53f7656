import { readFileSync, readdirSync } from 'node:fs';

/** The fields of `/proc/<pid>/stat` supervision needs. */
export interface ProcStat {
  pid: number;
  comm: string;
  /** R, S, D, Z (zombie: exited, not yet reaped), T, … */
  state: string;
  ppid: number;
  pgid: number;
  sid: number;
  /** Clock ticks after boot, kept as a string (it is compared, never computed with). */
  startTime: string;
}

/**
 * Parses one `/proc/<pid>/stat` line. `comm` may contain spaces and parentheses, so the
 * fixed fields are counted from the *last* `)`: after it come state (field 3), ppid (4),
 * pgrp (5), session (6) … starttime (22).
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 1).trim().split(/\s+/);
  // rest[0] is field 3, so field N is rest[N - 3].
  const state = rest[0];
  const startTime = rest[22 - 3];
  if (!Number.isInteger(pid) || state === undefined || startTime === undefined || !/^\d+$/.test(startTime)) return undefined;
  return {
    pid,
    comm: text.slice(open + 1, close),
    state,
    ppid: Number(rest[4 - 3]),
    pgid: Number(rest[5 - 3]),
    sid: Number(rest[6 - 3]),
    startTime,
  };
}

/** `/proc/<pid>/stat`, or undefined when there is no such process. */
export function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

let bootId: string | undefined;

/** This boot's id; the same for every process until the machine reboots. */
export function readBootId(): string {
  bootId ??= readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  return bootId;
}

/** Pids of the live (non-zombie) processes in process group `pgid` of session `sid`. */
export function listGroupMembers(pgid: number, sid = pgid): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat && stat.pgid === pgid && stat.sid === sid && stat.state !== 'Z') out.push(stat.pid);
  }
  return out;
}
