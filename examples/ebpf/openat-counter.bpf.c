// SPDX-License-Identifier: GPL-2.0
// Counts openat() calls per process name: a tracepoint program on syscalls:sys_enter_openat
// and a hash map keyed by `comm`. Mosaic exports the map as the counter
// `mosaic_probe_opens_total{comm="..."}` (map names ending in _total are counters).
//
//   ebpf:
//     program: { object: examples/ebpf/build/openat-counter.bpf.o, program: count_openat }
//     attach:  { type: tracepoint, target: "syscalls:sys_enter_openat" }
//     requires: { btf: true }
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct comm_key {
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, struct comm_key);
	__type(value, __u64);
} opens_total SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int count_openat(struct trace_event_raw_sys_enter *ctx)
{
	struct comm_key key = {};
	__u64 one = 1, *count;

	bpf_get_current_comm(&key.comm, sizeof(key.comm));
	count = bpf_map_lookup_elem(&opens_total, &key);
	if (count) {
		__sync_fetch_and_add(count, 1);
		return 0;
	}
	// A full map (limits.maxMapEntries) makes the update fail: the key is simply not counted.
	if (bpf_map_update_elem(&opens_total, &key, &one, BPF_NOEXIST) != 0) {
		count = bpf_map_lookup_elem(&opens_total, &key);
		if (count)
			__sync_fetch_and_add(count, 1);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
