// SPDX-License-Identifier: GPL-2.0
// Counts the packets an interface receives and lets every one of them pass: an XDP program
// with a one-entry per-CPU array (Mosaic sums the CPUs into `mosaic_probe_packets_total`).
//
//   ebpf:
//     program: { object: examples/ebpf/build/xdp-pass-counter.bpf.o, program: count_packets }
//     attach:  { type: xdp, target: generic, interface: lo }
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} packets_total SEC(".maps");

SEC("xdp")
int count_packets(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *count = bpf_map_lookup_elem(&packets_total, &key);

	if (count)
		(*count)++;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
