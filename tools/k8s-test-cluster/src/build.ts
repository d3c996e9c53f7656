import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCapture, runLogged } from './exec.js';
import {
  kubernetesVersionLdflags,
  kwokVersionLdflags,
  renderBuildGoMod,
  renderKwokGoMod,
  stagingModules,
} from './go-module.js';
import { acquireLock } from './lock.js';
import type { VersionPaths } from './paths.js';
import { progress, step } from './step.js';
import { KUBERNETES_BINARIES, type KubernetesBinary } from './versions.js';

/**
 * Bump when the way binaries are built changes, so cached binaries are rebuilt.
 */
const RECIPE_REVISION = 1;

/** Absolute paths of the four upstream binaries. */
export type Binaries = Record<KubernetesBinary | 'kwok', string>;

/** What {@link ensureBinaries} builds, and where. */
export interface BuildRequest {
  readonly kubernetesVersion: string;
  readonly kwokVersion: string;
  readonly paths: VersionPaths;
  /** The go command; undefined when Go is not installed (fine if nothing must be built). */
  readonly go: string | undefined;
  /** Per `go build` invocation. */
  readonly timeoutMs: number;
}

/**
 * Returns the cached binaries, building the missing or stale ones first. Binaries
 * are stamped with the version they were built from, so a second `up` never rebuilds.
 */
export async function ensureBinaries(request: BuildRequest): Promise<Binaries> {
  const { paths } = request;
  const binaries = Object.fromEntries(
    [...KUBERNETES_BINARIES, 'kwok'].map((name) => [name, join(paths.binDir, name)]),
  ) as Binaries;
  const stale = (): { kubernetes: boolean; kwok: boolean } => ({
    kubernetes: KUBERNETES_BINARIES.some((name) => !isFresh(paths.binDir, name, request.kubernetesVersion)),
    kwok: !isFresh(paths.binDir, 'kwok', request.kwokVersion),
  });
  if (!stale().kubernetes && !stale().kwok) return binaries;

  mkdirSync(paths.root, { recursive: true });
  const release = await acquireLock(paths.buildLock, 'build', request.timeoutMs * 2);
  try {
    const todo = stale(); // another process may have built them while we waited
    if (!todo.kubernetes && !todo.kwok) return binaries;
    if (request.go === undefined) {
      throw new Error('Go is required to build the test cluster binaries: install it or set MOSAIC_GO');
    }
    mkdirSync(paths.binDir, { recursive: true });
    mkdirSync(paths.buildDir, { recursive: true });
    progress(`building upstream binaries into ${paths.binDir} (log: ${paths.buildLog})`);
    if (todo.kubernetes) await buildKubernetes(request, request.go);
    if (todo.kwok) await buildKwok(request, request.go);
    return binaries;
  } finally {
    release();
  }
}

function goEnv(inModule = true): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // -mod=mod lets the generated module resolve and record its go.sum on the fly.
    GOFLAGS: inModule ? '-mod=mod -buildvcs=false' : '-buildvcs=false',
    GOTOOLCHAIN: 'local',
    CGO_ENABLED: '0',
  };
}

interface ModuleInfo {
  readonly GoMod?: string;
  readonly Info?: string;
  readonly Error?: string;
}

async function buildKubernetes(request: BuildRequest, go: string): Promise<void> {
  const { paths, kubernetesVersion } = request;
  const moduleDir = join(paths.buildDir, 'kubernetes');
  mkdirSync(moduleDir, { recursive: true });
  const log = paths.buildLog;

  const info = await step(`resolve k8s.io/kubernetes@${kubernetesVersion}`, async () => {
    // Outside any module: -mod=mod does not apply to `go mod download mod@version`.
    const json = await runCapture(go, ['mod', 'download', '-json', `k8s.io/kubernetes@${kubernetesVersion}`], {
      cwd: paths.root, env: goEnv(false), timeoutMs: 10 * 60_000,
    });
    const parsed = JSON.parse(json) as ModuleInfo;
    if (parsed.Error !== undefined || parsed.GoMod === undefined) throw new Error(parsed.Error ?? 'no go.mod in go mod download output');
    return parsed;
  }, log);

  await step('write the build go.mod', () => {
    const staging = stagingModules(readFileSync(info.GoMod ?? '', 'utf8'));
    if (staging.length === 0) throw new Error(`no staging modules found in ${info.GoMod}`);
    writeFileSync(join(moduleDir, 'go.mod'), renderBuildGoMod(kubernetesVersion, staging));
    return Promise.resolve();
  }, log);

  const buildDate = releaseDate(info.Info);
  const ldflags = ['-s', '-w', ...kubernetesVersionLdflags(kubernetesVersion, buildDate)].join(' ');
  const out = join(paths.buildDir, 'out');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await step(`go build ${KUBERNETES_BINARIES.join(', ')} ${kubernetesVersion}`, () =>
    runLogged(go, [
      'build', '-trimpath', '-ldflags', ldflags, '-o', `${out}/`,
      ...KUBERNETES_BINARIES.map((name) => `k8s.io/kubernetes/cmd/${name}`),
    ], { cwd: moduleDir, env: goEnv(), logPath: log, timeoutMs: request.timeoutMs }), log);
  for (const name of KUBERNETES_BINARIES) install(join(out, name), paths.binDir, name, kubernetesVersion);
}

async function buildKwok(request: BuildRequest, go: string): Promise<void> {
  const { paths, kwokVersion } = request;
  const moduleDir = join(paths.buildDir, 'kwok');
  mkdirSync(moduleDir, { recursive: true });
  writeFileSync(join(moduleDir, 'go.mod'), renderKwokGoMod(kwokVersion));
  const out = join(paths.buildDir, 'out');
  mkdirSync(out, { recursive: true });
  const ldflags = ['-s', '-w', ...kwokVersionLdflags(kwokVersion)].join(' ');
  await step(`go build kwok ${kwokVersion}`, () =>
    runLogged(go, ['build', '-trimpath', '-ldflags', ldflags, '-o', join(out, 'kwok'), 'sigs.k8s.io/kwok/cmd/kwok'], {
      cwd: moduleDir, env: goEnv(), logPath: paths.buildLog, timeoutMs: request.timeoutMs,
    }), paths.buildLog);
  install(join(out, 'kwok'), paths.binDir, 'kwok', kwokVersion);
}

/** Moves a fresh binary into bin/ (atomic rename) and stamps it. */
function install(built: string, binDir: string, name: string, version: string): void {
  if (!existsSync(built)) throw new Error(`go build reported success but ${built} is missing`);
  renameSync(built, join(binDir, name));
  writeFileSync(stampPath(binDir, name), JSON.stringify({ version, recipe: RECIPE_REVISION }) + '\n');
}

function isFresh(binDir: string, name: string, version: string): boolean {
  if (!existsSync(join(binDir, name))) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampPath(binDir, name), 'utf8')) as { version?: string; recipe?: number };
    return stamp.version === version && stamp.recipe === RECIPE_REVISION;
  } catch {
    return false;
  }
}

function stampPath(binDir: string, name: string): string {
  return join(binDir, `.${name}.stamp.json`);
}

/** The release's tag time from the module proxy's .info file, as upstream's buildDate format. */
function releaseDate(infoPath: string | undefined): string {
  try {
    const info = JSON.parse(readFileSync(infoPath ?? '', 'utf8')) as { Time?: string };
    if (info.Time !== undefined) return new Date(info.Time).toISOString().replace(/\.\d{3}Z$/, 'Z');
  } catch {
    // fall through
  }
  return '1970-01-01T00:00:00Z';
}
