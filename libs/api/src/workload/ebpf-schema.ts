import { z } from 'zod';
import { exactlyOneOf, positiveInt } from './common-schemas.js';

export const EBPF_ATTACH_TYPES = ['tracepoint', 'kprobe', 'uprobe', 'xdp', 'tc'] as const;

/**
 * A probe loaded into the node's kernel: a bpftrace script or a compiled CO-RE object.
 * Loading one is a privilege, so the workload must ask for it (`privileged: true`) and the
 * node's agent must allow it (`--allow-bpf`); `limits` bound what it may use.
 */
export const ebpfSchema = z
  .strictObject({
    privileged: z.literal(true, {
      error: 'must be true: a probe runs inside the node\'s kernel, so the workload asks for it explicitly (the agent must also run with --allow-bpf)',
    }),
    program: z
      .strictObject({
        bpftrace: z.string().min(1).optional(),
        bpftraceFile: z.string().min(1).optional(),
        object: z.string().regex(/\.o$/, 'must be a compiled object (.o)').optional(),
        program: z.string().min(1).optional(),
      })
      .superRefine(exactlyOneOf(['bpftrace', 'bpftraceFile', 'object'], 'an eBPF program'))
      .superRefine((p, ctx) => {
        if (p.program !== undefined && p.object === undefined) {
          ctx.addIssue({ code: 'custom', path: ['program'], message: 'names a program inside an object; set object too' });
        }
      }),
    attach: z.strictObject({
      type: z.enum(EBPF_ATTACH_TYPES),
      target: z.string().min(1),
      interface: z.string().min(1).optional(),
    }).superRefine((a, ctx) => {
      if ((a.type === 'xdp' || a.type === 'tc') && a.interface === undefined) {
        ctx.addIssue({ code: 'custom', path: ['interface'], message: `attach type ${a.type} needs the network interface` });
      }
    }),
    requires: z.strictObject({
      kernel: z.string().regex(/^\s*([<>]=?|=|\^|~)?\s*\d+(\.\d+){0,2}(\s+([<>]=?|=)\s*\d+(\.\d+){0,2})*\s*$/, 'must be a kernel version range such as ">=5.8"').optional(),
      btf: z.boolean().optional(),
    }).optional(),
    limits: z.strictObject({
      maxMapEntries: positiveInt.default(10240),
      maxEventsPerSecond: positiveInt.default(10000),
    }).prefault({}),
  })
  .superRefine((e, ctx) => {
    if ((e.attach.type === 'xdp' || e.attach.type === 'tc') && e.program.object === undefined) {
      ctx.addIssue({ code: 'custom', path: ['attach', 'type'], message: `attach type ${e.attach.type} needs a compiled object program` });
    }
  });
