// SPDX-License-Identifier: GPL-2.0
// mosaic-bpf-loader: loads one program of a CO-RE object with libbpf and either only verifies
// it (the kernel verifier runs, nothing is attached or pinned) or attaches it and pins
// everything it created under one directory of the BPF filesystem, so the attachment outlives
// this process and belongs to exactly that directory:
//
//   PIN_DIR/links/<program>   the bpf_link: removing it detaches the program
//   PIN_DIR/progs/<program>   the program (for bpftool prog show pinned …)
//   PIN_DIR/maps/<map>        every non-internal map (for bpftool map dump pinned …)
//
// Why not bpftool alone: bpftool 7.1 (Debian 12) has no `autoattach`, and tracepoint, kprobe,
// uprobe and tcx attachments need a perf event or a link that only a loader can create.
//
//   mosaic-bpf-loader verify OBJ --type T --target X [--interface IF] [--program NAME] [--max-map-entries N]
//   mosaic-bpf-loader attach OBJ PIN_DIR --type T --target X [--interface IF] [--program NAME] [--max-map-entries N]
//
// T is tracepoint (X = category:name), kprobe (X = function), uprobe (X = /path/binary:symbol),
// xdp (X = auto|generic|native, IF = device) or tc (X = ingress|egress, IF = device).
// Hash maps larger than --max-map-entries are shrunk to it; arrays larger than it are refused.
//
// Prints one JSON object on success:
//   {"programs":[{"name","id","type"}],"maps":[{"name","id","type","maxEntries","declaredEntries"}],"links":[{"program","id","pin"}]}
// Exit codes: 0 ok, 2 usage, 3 invalid object or program, 4 map over the limit,
// 5 rejected by the verifier (load failed), 6 attach failed, 7 pinning failed.
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

enum { EXIT_USAGE = 2, EXIT_INVALID = 3, EXIT_MAP_LIMIT = 4, EXIT_LOAD = 5, EXIT_ATTACH = 6, EXIT_PIN = 7 };

// Not in the uapi headers of Debian 12's libbpf 1.1; stable kernel ABI values (Linux 6.6+).
#define MOSAIC_BPF_TCX_INGRESS 46
#define MOSAIC_BPF_TCX_EGRESS 47

struct options {
	const char *mode, *object, *pin_dir, *type, *target, *iface, *program;
	long max_map_entries;
};

static struct bpf_object *obj;
static char pinned[64][PATH_MAX];
static int npinned;

static void cleanup_pins(void)
{
	// Newest first; the directories go last (rmdir fails harmlessly while not empty).
	for (int i = npinned - 1; i >= 0; i--)
		unlink(pinned[i]);
	npinned = 0;
}

static void fail(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("mosaic-bpf-loader: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	cleanup_pins();
	bpf_object__close(obj);
	exit(code);
}

static int print_libbpf(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	// Warnings carry the verifier log; debug output is noise.
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static void usage(void)
{
	fputs("usage: mosaic-bpf-loader verify OBJ --type T --target X [--interface IF] [--program NAME] [--max-map-entries N]\n"
	      "       mosaic-bpf-loader attach OBJ PIN_DIR --type T --target X [--interface IF] [--program NAME] [--max-map-entries N]\n",
	      stderr);
	exit(EXIT_USAGE);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	int i = 1;

	memset(o, 0, sizeof(*o));
	if (argc < 3)
		usage();
	o->mode = argv[i++];
	if (strcmp(o->mode, "verify") != 0 && strcmp(o->mode, "attach") != 0)
		usage();
	o->object = argv[i++];
	if (strcmp(o->mode, "attach") == 0) {
		if (i >= argc)
			usage();
		o->pin_dir = argv[i++];
	}
	while (i < argc) {
		const char *flag = argv[i];
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;

		if (!value)
			usage();
		if (strcmp(flag, "--type") == 0)
			o->type = value;
		else if (strcmp(flag, "--target") == 0)
			o->target = value;
		else if (strcmp(flag, "--interface") == 0)
			o->iface = value;
		else if (strcmp(flag, "--program") == 0)
			o->program = value;
		else if (strcmp(flag, "--max-map-entries") == 0)
			o->max_map_entries = strtol(value, NULL, 10);
		else
			usage();
		i += 2;
	}
	if (!o->type || !o->target)
		usage();
}

static const char *prog_type_name(enum bpf_prog_type type)
{
	const char *name = libbpf_bpf_prog_type_str(type);

	return name ? name : "unknown";
}

/** The program types an attach type can take. */
static int type_fits(const char *attach, enum bpf_prog_type type)
{
	if (strcmp(attach, "tracepoint") == 0)
		return type == BPF_PROG_TYPE_TRACEPOINT;
	if (strcmp(attach, "kprobe") == 0 || strcmp(attach, "uprobe") == 0)
		return type == BPF_PROG_TYPE_KPROBE;
	if (strcmp(attach, "xdp") == 0)
		return type == BPF_PROG_TYPE_XDP;
	if (strcmp(attach, "tc") == 0)
		return type == BPF_PROG_TYPE_SCHED_CLS;
	return 0;
}

static struct bpf_program *select_program(const struct options *o)
{
	struct bpf_program *prog, *chosen = NULL;
	int count = 0;

	bpf_object__for_each_program(prog, obj) {
		count++;
		if (o->program ? strcmp(bpf_program__name(prog), o->program) == 0 : count == 1)
			chosen = prog;
	}
	if (!o->program && count != 1)
		fail(EXIT_INVALID, "%s has %d programs; name the one to attach (program)", o->object, count);
	if (!chosen)
		fail(EXIT_INVALID, "%s has no program named %s", o->object, o->program);
	// Only the chosen program is loaded: the others never reach the kernel.
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, prog == chosen);
	if (!type_fits(o->type, bpf_program__type(chosen)))
		fail(EXIT_INVALID, "program %s is a %s program, which attach type %s cannot take", bpf_program__name(chosen),
		     prog_type_name(bpf_program__type(chosen)), o->type);
	return chosen;
}

static int is_hash(enum bpf_map_type type)
{
	return type == BPF_MAP_TYPE_HASH || type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_LRU_HASH ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH || type == BPF_MAP_TYPE_LPM_TRIE;
}

static int is_array(enum bpf_map_type type)
{
	return type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_PERCPU_ARRAY;
}

static unsigned int declared[64];

static void apply_map_limits(const struct options *o)
{
	struct bpf_map *map;
	int i = 0;

	bpf_object__for_each_map(map, obj) {
		enum bpf_map_type type = bpf_map__type(map);
		unsigned int max = bpf_map__max_entries(map);

		if (i < 64)
			declared[i] = max;
		i++;
		if (o->max_map_entries <= 0 || bpf_map__is_internal(map) || max <= (unsigned long)o->max_map_entries)
			continue;
		if (is_hash(type)) {
			bpf_map__set_max_entries(map, (unsigned int)o->max_map_entries);
		} else if (is_array(type)) {
			fail(EXIT_MAP_LIMIT, "map %s is an array of %u entries, more than limits.maxMapEntries %ld", bpf_map__name(map),
			     max, o->max_map_entries);
		}
	}
}

static int split_target(const char *target, char sep, char *left, size_t left_size, const char **right)
{
	const char *at = strrchr(target, sep);

	if (!at || at == target || !at[1] || (size_t)(at - target) >= left_size)
		return -1;
	memcpy(left, target, at - target);
	left[at - target] = 0;
	*right = at + 1;
	return 0;
}

static int tracepoint_exists(const char *category, const char *name)
{
	char path[PATH_MAX];
	const char *roots[] = { "/sys/kernel/tracing/events", "/sys/kernel/debug/tracing/events" };

	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s/%s/id", roots[i], category, name);
		if (access(path, R_OK) == 0)
			return 1;
	}
	return 0;
}

/** Checks that the attach target exists, without attaching (verify mode). */
static void check_target(const struct options *o)
{
	char left[PATH_MAX];
	const char *right;

	if (strcmp(o->type, "tracepoint") == 0) {
		if (split_target(o->target, ':', left, sizeof(left), &right) != 0)
			fail(EXIT_INVALID, "tracepoint target %s is not category:name", o->target);
		if (!tracepoint_exists(left, right))
			fail(EXIT_ATTACH, "tracepoint %s:%s does not exist on this kernel", left, right);
	} else if (strcmp(o->type, "uprobe") == 0) {
		if (split_target(o->target, ':', left, sizeof(left), &right) != 0)
			fail(EXIT_INVALID, "uprobe target %s is not /path/to/binary:symbol", o->target);
		if (access(left, R_OK) != 0)
			fail(EXIT_ATTACH, "uprobe binary %s: %s", left, strerror(errno));
	} else if (strcmp(o->type, "xdp") == 0 || strcmp(o->type, "tc") == 0) {
		if (!o->iface)
			fail(EXIT_INVALID, "attach type %s needs an interface", o->type);
		if (if_nametoindex(o->iface) == 0)
			fail(EXIT_ATTACH, "network interface %s does not exist", o->iface);
		if (strcmp(o->type, "tc") == 0 && strcmp(o->target, "ingress") != 0 && strcmp(o->target, "egress") != 0)
			fail(EXIT_INVALID, "tc target must be ingress or egress, not %s", o->target);
		if (strcmp(o->type, "xdp") == 0 && strcmp(o->target, "auto") != 0 && strcmp(o->target, "generic") != 0 &&
		    strcmp(o->target, "native") != 0)
			fail(EXIT_INVALID, "xdp target must be auto, generic or native, not %s", o->target);
	}
}

/** Attaches and returns the link's fd. */
static int attach(const struct options *o, struct bpf_program *prog)
{
	char left[PATH_MAX];
	const char *right;
	struct bpf_link *link = NULL;
	const char *section = bpf_program__section_name(prog);
	int retprobe = strstr(section, "kretprobe") == section || strstr(section, "uretprobe") == section;

	if (strcmp(o->type, "tracepoint") == 0) {
		split_target(o->target, ':', left, sizeof(left), &right);
		link = bpf_program__attach_tracepoint(prog, left, right);
	} else if (strcmp(o->type, "kprobe") == 0) {
		link = bpf_program__attach_kprobe(prog, retprobe, o->target);
	} else if (strcmp(o->type, "uprobe") == 0) {
		LIBBPF_OPTS(bpf_uprobe_opts, uopts, .retprobe = retprobe);

		split_target(o->target, ':', left, sizeof(left), &right);
		uopts.func_name = right;
		link = bpf_program__attach_uprobe_opts(prog, -1, left, 0, &uopts);
	} else {
		int ifindex = (int)if_nametoindex(o->iface);
		int fd;

		if (strcmp(o->type, "xdp") == 0) {
			LIBBPF_OPTS(bpf_link_create_opts, lopts);

			lopts.flags = strcmp(o->target, "generic") == 0  ? XDP_FLAGS_SKB_MODE
				      : strcmp(o->target, "native") == 0 ? XDP_FLAGS_DRV_MODE
									  : 0;
			fd = bpf_link_create(bpf_program__fd(prog), ifindex, BPF_XDP, &lopts);
		} else {
			int type = strcmp(o->target, "egress") == 0 ? MOSAIC_BPF_TCX_EGRESS : MOSAIC_BPF_TCX_INGRESS;

			fd = bpf_link_create(bpf_program__fd(prog), ifindex, (enum bpf_attach_type)type, NULL);
		}
		if (fd < 0)
			fail(EXIT_ATTACH, "attaching %s to %s %s of %s: %s", bpf_program__name(prog), o->type, o->target, o->iface,
			     strerror(errno));
		return fd;
	}
	if (!link)
		fail(EXIT_ATTACH, "attaching %s to %s %s: %s", bpf_program__name(prog), o->type, o->target, strerror(errno));
	if (bpf_link__fd(link) < 0)
		fail(EXIT_ATTACH, "the kernel attached %s without a BPF link, which cannot be pinned", bpf_program__name(prog));
	return bpf_link__fd(link);
}

static void make_dir(const char *path)
{
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		fail(EXIT_PIN, "mkdir %s: %s", path, strerror(errno));
}

static void pin_fd(int fd, const char *path)
{
	if (npinned >= 64)
		fail(EXIT_PIN, "too many pins");
	if (bpf_obj_pin(fd, path) != 0)
		fail(EXIT_PIN, "pinning %s: %s", path, strerror(errno));
	snprintf(pinned[npinned++], PATH_MAX, "%s", path);
}

static __u32 prog_id(int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(fd, &info, &len) == 0 ? info.id : 0;
}

static __u32 map_id(int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(fd, &info, &len) == 0 ? info.id : 0;
}

static __u32 link_id(int fd)
{
	struct bpf_link_info info = {};
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(fd, &info, &len) == 0 ? info.id : 0;
}

static void print_manifest(struct bpf_program *prog, int link_fd, const char *link_pin)
{
	struct bpf_map *map;
	const char *sep = "";
	int i = 0;

	printf("{\"programs\":[{\"name\":\"%s\",\"id\":%u,\"type\":\"%s\"}],\"maps\":[", bpf_program__name(prog),
	       prog_id(bpf_program__fd(prog)), prog_type_name(bpf_program__type(prog)));
	bpf_object__for_each_map(map, obj) {
		const char *type = libbpf_bpf_map_type_str(bpf_map__type(map));

		if (!bpf_map__is_internal(map)) {
			printf("%s{\"name\":\"%s\",\"id\":%u,\"type\":\"%s\",\"maxEntries\":%u,\"declaredEntries\":%u}", sep,
			       bpf_map__name(map), map_id(bpf_map__fd(map)), type ? type : "unknown", bpf_map__max_entries(map),
			       i < 64 ? declared[i] : bpf_map__max_entries(map));
			sep = ",";
		}
		i++;
	}
	printf("],\"links\":[");
	if (link_fd >= 0)
		printf("{\"program\":\"%s\",\"id\":%u,\"pin\":\"%s\"}", bpf_program__name(prog), link_id(link_fd), link_pin);
	printf("]}\n");
}

int main(int argc, char **argv)
{
	struct options o;
	struct bpf_program *prog;
	struct bpf_map *map;
	char path[PATH_MAX], link_pin[PATH_MAX];
	int link_fd;

	parse_args(argc, argv, &o);
	libbpf_set_print(print_libbpf);
	obj = bpf_object__open_file(o.object, NULL);
	if (!obj)
		fail(EXIT_INVALID, "cannot open %s: %s", o.object, strerror(errno));
	prog = select_program(&o);
	apply_map_limits(&o);
	check_target(&o);
	if (bpf_object__load(obj) != 0)
		fail(EXIT_LOAD, "the kernel rejected %s from %s: %s (the verifier log is above)", bpf_program__name(prog), o.object,
		     strerror(errno));
	if (strcmp(o.mode, "verify") == 0) {
		print_manifest(prog, -1, "");
		bpf_object__close(obj);
		return 0;
	}

	make_dir(o.pin_dir);
	snprintf(path, sizeof(path), "%s/maps", o.pin_dir);
	make_dir(path);
	snprintf(path, sizeof(path), "%s/progs", o.pin_dir);
	make_dir(path);
	snprintf(path, sizeof(path), "%s/links", o.pin_dir);
	make_dir(path);
	bpf_object__for_each_map(map, obj) {
		if (bpf_map__is_internal(map))
			continue;
		snprintf(path, sizeof(path), "%s/maps/%s", o.pin_dir, bpf_map__name(map));
		pin_fd(bpf_map__fd(map), path);
	}
	snprintf(path, sizeof(path), "%s/progs/%s", o.pin_dir, bpf_program__name(prog));
	pin_fd(bpf_program__fd(prog), path);
	link_fd = attach(&o, prog);
	// The link pin is what keeps the program attached after we exit.
	snprintf(link_pin, sizeof(link_pin), "%s/links/%s", o.pin_dir, bpf_program__name(prog));
	pin_fd(link_fd, link_pin);
	print_manifest(prog, link_fd, link_pin);
	bpf_object__close(obj);
	return 0;
}
