import type { SupervisionOptions } from '@mosaic/runtime-process';

/** Options of the eBPF driver (`setup(options)` / `new EbpfRuntime(options)`). */
export interface EbpfRuntimeOptions {
  /**
   * Loading programs into the kernel is a privilege the agent grants by configuration (its
   * `allowBpf`); without it the runtime reports itself unavailable (`BpfNotAllowed`).
   * @defaultValue false
   */
  allowBpf?: boolean;
  /** Where bpftrace and bpftool are looked up. @defaultValue process.env.PATH plus /usr/sbin and /sbin */
  searchPath?: string;
  /** The bpftrace binary. @defaultValue `bpftrace` on {@link searchPath} */
  bpftracePath?: string;
  /** The bpftool binary. @defaultValue `bpftool` on {@link searchPath} */
  bpftoolPath?: string;
  /** The CO-RE object loader built by tools/ebpf/build.sh. @defaultValue this package's loader/build/mosaic-bpf-loader */
  loaderPath?: string;
  /** The BPF filesystem mount. @defaultValue '/sys/fs/bpf' */
  bpffsRoot?: string;
  /**
   * Mosaic's own directory on the BPF filesystem: every object instance pins its programs,
   * links and maps under `<pinRoot>/<instance id>/` and nothing outside it is ever touched.
   * @defaultValue `<bpffsRoot>/mosaic`
   */
  pinRoot?: string;
  /** The tracefs mount bpftrace attaches through. @defaultValue '/sys/kernel/tracing' */
  tracefsRoot?: string;
  /**
   * How often exported values are refreshed: the period of the `print()` of every map injected
   * into bpftrace scripts, and of `bpftool map dump` for objects. @defaultValue 1000
   */
  printIntervalMs?: number;
  /** How often a bpftrace probe's output is read. @defaultValue 200 */
  outputPollMs?: number;
  /**
   * How long a bpftrace script may take from launch to "all probes attached" before the
   * instance fails with AttachFailed. @defaultValue 30000
   */
  attachTimeoutMs?: number;
  /** Time limit of a verification (bpftrace dry run, object verify-load). @defaultValue 30000 */
  verifyTimeoutMs?: number;
  /**
   * Seconds in a row a probe may exceed `limits.maxEventsPerSecond` before it is detached
   * (reason EventRateExceeded); shorter bursts pass. bpftrace: output events per second;
   * objects: program runs per second (kernel `run_cnt`, one sample a second). @defaultValue 3
   */
  eventRateGraceSeconds?: number;
  /** Restarts of crashed bpftrace processes, back-off, stop grace, log rotation. */
  supervision?: SupervisionOptions;
}
