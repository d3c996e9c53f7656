import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** The BPF objects a process holds open, by kind: what it loaded and keeps alive. */
export interface ProcessBpfObjects {
  programIds: number[];
  mapIds: number[];
  linkIds: number[];
}

/** `prog_id:`/`map_id:`/`link_id:` from one fdinfo text. */
export function parseFdinfoId(text: string, field: 'prog_id' | 'map_id' | 'link_id'): number | undefined {
  const m = new RegExp(`^${field}:\\s*(\\d+)\\s*$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

/**
 * Reads `/proc/<pid>/fd` and the fdinfo of every `anon_inode:bpf-*` descriptor. This is how
 * the programs of a bpftrace process are found: bpftool on Debian 12 is built without the
 * skeleton that would list owning pids. Empty when the process is gone.
 */
export function processBpfObjects(pid: number): ProcessBpfObjects {
  const out: ProcessBpfObjects = { programIds: [], mapIds: [], linkIds: [] };
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return out;
  }
  for (const fd of fds) {
    let target: string;
    let info: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (!target.startsWith('anon_inode:bpf')) continue;
      info = readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8');
    } catch {
      continue;
    }
    const kind = target === 'anon_inode:bpf-prog' ? 'prog_id' : target === 'anon_inode:bpf-map' ? 'map_id' : target === 'anon_inode:bpf_link' || target === 'anon_inode:bpf-link' ? 'link_id' : undefined;
    if (!kind) continue;
    const id = parseFdinfoId(info, kind);
    if (id === undefined) continue;
    (kind === 'prog_id' ? out.programIds : kind === 'map_id' ? out.mapIds : out.linkIds).push(id);
  }
  for (const list of [out.programIds, out.mapIds, out.linkIds]) list.sort((a, b) => a - b);
  return out;
}
