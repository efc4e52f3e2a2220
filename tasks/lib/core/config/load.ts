/**
 * Loading `<repo>/release.config.ts`: import, validate, resolve. Errors name the
 * field and the file. A repository without a config gets the Niamoto-shaped default,
 * which uses only the files that exist.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { ReleaseError } from "../errors.ts";
import { read } from "../exec.ts";
import { importFresh } from "../fresh-import.ts";
import { tauriProductName } from "../tauri-conf.ts";
import { parseConfig } from "./parse.ts";
import type { ParsedConfig, VersionFileKind, VersionFileRef } from "./schema.ts";

export const CONFIG_FILE = "release.config.ts";

export interface ReleaseConfig extends Omit<ParsedConfig, "versionFiles" | "repository"> {
  /** absolute path of the repository root */
  root: string;
  /** the config file, or "default" */
  source: string;
  /** owner/name, when known */
  repository: string | undefined;
  versionFiles: VersionFileRef[];
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** from --github-repo */
  githubRepo?: string;
}

/** The Niamoto-shaped default layout, in the order the files are reported. */
export function defaultVersionFileCandidates(root: string): string[] {
  const candidates = ["pyproject.toml"];
  const src = join(root, "src");
  if (existsSync(src)) {
    for (const pkg of readdirSync(src).sort()) {
      if (existsSync(join(src, pkg, "__version__.py"))) candidates.push(`src/${pkg}/__version__.py`);
    }
  }
  candidates.push(
    "docs/conf.py",
    "src-tauri/tauri.conf.json",
    "src-tauri/Cargo.toml",
    ".bumpversion.cfg",
    "package.json",
  );
  // package.json files of a front end, one level down (ui/, frontend/, ...), when they carry a version.
  for (const dir of ["ui", "frontend", "web", "app"]) candidates.push(`${dir}/package.json`);
  return candidates;
}

/** Refreshed with the commands their tools want (see release/lockfiles.ts): no command needed. */
export const DEFAULT_LOCKFILES: ParsedConfig["lockfiles"] = [
  { path: "uv.lock", offline: true },
  { path: "src-tauri/Cargo.lock", offline: true },
];

export function inferKind(path: string): VersionFileKind {
  const name = basename(path);
  if (name === "pyproject.toml") return "pyproject";
  if (name === "Cargo.toml") return "cargo";
  if (name.endsWith(".json")) return "json";
  if (name === ".bumpversion.cfg" || name === "setup.cfg") return "bumpversion";
  if (name === "conf.py") return "sphinx";
  if (name.endsWith(".py")) return "python";
  throw new ReleaseError(
    "config.invalid",
    `Cannot tell how to edit the version in ${path}`,
    `Give its kind in release.config.ts: { path: "${path}", kind: "pyproject" | "cargo" | "json" | "python" | "sphinx" | "bumpversion" }`,
  );
}

function hasJsonVersion(file: string): boolean {
  try {
    return typeof JSON.parse(readFileSync(file, "utf8")).version === "string";
  } catch {
    return false;
  }
}

/** Parse owner/name from a GitHub remote URL (https, ssh or scp form); undefined for anything else. */
export function parseRepoSlug(url: string): string | undefined {
  const m =
    /^(?:https?:\/\/|ssh:\/\/|git:\/\/)(?:[^@/]+@)?[^/:]+(?::\d+)?\/([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(
      url.trim(),
    ) ?? /^[\w.-]+@[^:]+:([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(url.trim());
  return m ? `${m[1]}/${m[2]}` : undefined;
}

async function originUrl(root: string): Promise<string | undefined> {
  const r = await read(["git", "remote", "get-url", "origin"], { cwd: root, nothrow: true });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

async function importConfig(file: string): Promise<unknown> {
  try {
    const mod = await importFresh(file);
    if (mod.default === undefined) throw new Error("it has no default export");
    return mod.default;
  } catch (e) {
    throw new ReleaseError(
      "config.invalid",
      `Cannot load ${file}: ${(e as Error).message}`,
      "Export the config as `export default defineConfig({ ... })`.",
    );
  }
}

/**
 * The zero-config display name (release titles): a Tauri app's productName (`Niamoto`, where
 * pyproject.toml says `niamoto`), else the Python or npm package name, else the folder's.
 */
function defaultName(root: string): string {
  const tauri = join(root, "src-tauri", "tauri.conf.json");
  if (existsSync(tauri)) {
    try {
      const name = tauriProductName(JSON.parse(readFileSync(tauri, "utf8")));
      if (name) return name;
    } catch {
      /* not JSON (a JSON5 file under the .json name): fall through */
    }
  }
  const pyproject = join(root, "pyproject.toml");
  if (existsSync(pyproject)) {
    const m = /^\s*name\s*=\s*["']([^"']+)["']/m.exec(readFileSync(pyproject, "utf8"));
    if (m?.[1]) return m[1];
  }
  const pkg = join(root, "package.json");
  if (existsSync(pkg)) {
    try {
      const name = JSON.parse(readFileSync(pkg, "utf8")).name;
      if (typeof name === "string" && name) return name;
    } catch {
      /* fall through */
    }
  }
  return basename(root);
}

const GLOB = /[*?[\]{}]/;

/** Every entry of releaseFiles must exist (files, directories) or match a file (globs); else name them. */
async function checkReleaseFiles(root: string, entries: readonly string[]): Promise<void> {
  if (!entries.length) return;
  const globs = entries.filter((e) => GLOB.test(e));
  let files: string[] = [];
  if (globs.length) {
    const r = await read(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root });
    files = r.stdout.split("\0").filter(Boolean);
  }
  const { default: picomatch } = await import("picomatch");
  const missing = entries.filter((e) => {
    if (!GLOB.test(e)) return !existsSync(join(root, e));
    const matches = picomatch(e, { dot: true });
    return !files.some((f) => matches(f));
  });
  if (missing.length)
    throw new ReleaseError(
      "config.invalid",
      `Cannot use ${CONFIG_FILE}: releaseFiles names paths that do not exist or match nothing: ${missing.join(", ")}`,
      `Create them (run the command that generates them), fix the paths, or remove them from releaseFiles in ${CONFIG_FILE}.`,
    );
}

export async function loadConfig(root: string, opts: LoadOptions = {}): Promise<ReleaseConfig> {
  const env = opts.env ?? process.env;
  const file = join(root, CONFIG_FILE);
  const explicit = existsSync(file);
  // Without a file, the schema's own defaults for the inferred name.
  const parsed: ParsedConfig = explicit
    ? parseConfig(await importConfig(file), CONFIG_FILE)
    : parseConfig({ name: defaultName(root) }, "the default config");

  let versionFiles: VersionFileRef[];
  if (explicit) {
    versionFiles = parsed.versionFiles.map((v) =>
      typeof v === "string" ? { path: v, kind: inferKind(v) } : { path: v.path, kind: v.kind ?? inferKind(v.path) },
    );
    const missing = versionFiles.filter((v) => !existsSync(join(root, v.path)));
    if (missing.length) {
      throw new ReleaseError(
        "config.invalid",
        `Cannot use ${CONFIG_FILE}: versionFiles names files that do not exist: ${missing.map((m) => m.path).join(", ")}`,
        `Remove them from versionFiles in ${CONFIG_FILE}, or restore the files.`,
      );
    }
  } else {
    versionFiles = defaultVersionFileCandidates(root)
      .filter((p) => existsSync(join(root, p)))
      .filter((p) => !p.endsWith("package.json") || hasJsonVersion(join(root, p)))
      .map((p) => ({ path: p, kind: inferKind(p) }));
  }
  const lockfiles = (explicit ? parsed.lockfiles : DEFAULT_LOCKFILES).filter((l) => existsSync(join(root, l.path)));
  const directory = lockfiles.find((l) => statSync(join(root, l.path)).isDirectory());
  if (directory)
    throw new ReleaseError(
      "config.invalid",
      `Cannot use ${CONFIG_FILE}: lockfiles names a directory: ${directory.path}`,
      `List the lockfile itself (e.g. ${directory.path}/uv.lock); regenerated folders go in releaseFiles.`,
    );
  await checkReleaseFiles(root, parsed.releaseFiles);

  const repository =
    opts.githubRepo ??
    parsed.repository ??
    (env.GITHUB_REPOSITORY || undefined) ??
    parseRepoSlug((await originUrl(root)) ?? "");
  if (repository !== undefined && !/^[\w.-]+\/[\w.-]+$/.test(repository)) {
    throw new ReleaseError(
      "config.invalid",
      `Cannot use repository "${repository}": it must be owner/name`,
      "Pass --github-repo owner/name.",
    );
  }
  return { ...parsed, root, source: explicit ? CONFIG_FILE : "default", repository, versionFiles, lockfiles };
}
