import { InstanceReason } from '@mosaic/runtime';

/** What mosaic-bpf-loader prints on success. */
export interface LoaderManifest {
  programs: { name: string; id: number; type: string }[];
  maps: { name: string; id: number; type: string; maxEntries: number; declaredEntries: number }[];
  links: { program: string; id: number; pin: string }[];
}

/** The loader's exit codes → instance reasons (see loader/mosaic-bpf-loader.c). */
export function loaderFailureReason(code: number | null): string {
  switch (code) {
    case 3:
    case 5:
      return InstanceReason.VerificationFailed;
    case 4:
      return InstanceReason.MapLimitExceeded;
    case 6:
    case 7:
      return InstanceReason.AttachFailed;
    default:
      return InstanceReason.StartError;
  }
}

/** Parses the manifest line; undefined when the output is not one. */
export function parseLoaderManifest(stdout: string): LoaderManifest | undefined {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    const m = JSON.parse(line) as Partial<LoaderManifest>;
    if (!Array.isArray(m.programs) || !Array.isArray(m.maps) || !Array.isArray(m.links)) return undefined;
    return m as LoaderManifest;
  } catch {
    return undefined;
  }
}

/**
 * The verifier log is long; keep the loader's own message and the lines just before it that
 * say what the verifier disliked.
 */
export function summarizeLoaderError(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trimEnd()).filter(Boolean);
  const own = lines.filter((l) => l.startsWith('mosaic-bpf-loader:')).map((l) => l.slice('mosaic-bpf-loader: '.length));
  const logEnd = lines.findIndex((l) => l.includes('-- END PROG LOAD LOG --'));
  const verifier = logEnd > 0 ? lines.slice(Math.max(0, logEnd - 4), logEnd).filter((l) => !/^processed \d+ insns/.test(l)) : [];
  return [...own, ...(verifier.length ? [`verifier: ${verifier.join(' | ')}`] : [])].join('; ') || lines.slice(-3).join('; ');
}
