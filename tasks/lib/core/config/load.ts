/**
 * Loading `<repo>/release.config.ts`: import, validate, resolve. Errors name the
 * field and the file. A repository without a config gets the default layout (a Python
 * package and a Tauri app under src-tauri/), of which only the files that exist are used.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { ReleaseError } from "../errors.ts";
import { read } from "../exec.ts";
import { importFresh } from "../fresh-import.ts";
import { readTauriConf, tauriProductName } from "../tauri-conf.ts";
import { detectVersionSources, repositoryPaths } from "../version-sources/detect.ts";
import { inferKind } from "../version-sources/kind.ts";
import { releaseDocs, statedTag } from "./stated-tag.ts";
import { parseTagTimes, TAG_TIMES_ARGS, tagPrefixOf } from "./tag-prefix.ts";
import { parseConfig } from "./parse.ts";
import type { ParsedConfig, VersionFileRef } from "./schema.ts";

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

/** Refreshed with the commands their tools want (see release/lockfiles.ts): no command needed. */
export const DEFAULT_LOCKFILES: ParsedConfig["lockfiles"] = [
  { path: "uv.lock", offline: true },
  { path: "src-tauri/Cargo.lock", offline: true },
];

export { inferKind } from "../version-sources/kind.ts";

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
 * The zero-config display name (release titles): a Tauri app's productName (the display
 * name, where a Python package's is often lower-case), else the Python or npm package name, else the folder's.
 */
function defaultName(root: string, pythonName: string | undefined): string {
  // A JSON5 file under the .json name reads as unparsable: the next name is taken.
  const name = tauriProductName(readTauriConf(root, "src-tauri").conf);
  if (name) return name;
  if (pythonName) return pythonName;
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

async function git(root: string, args: string[]): Promise<string | undefined> {
  const r = await read(["git", ...args], { cwd: root, nothrow: true });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/**
 * The repository's own default branch, read locally: origin's HEAD as the clone recorded
 * it, else a local main or master, else the checked-out branch. Never the network.
 */
export async function defaultBranch(root: string): Promise<string | undefined> {
  const remote = await git(root, ["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"]);
  if (remote?.startsWith("origin/")) return remote.slice("origin/".length);
  const local =
    (await git(root, ["branch", "--list", "main", "master", "--format=%(refname:short)"]))?.split("\n") ?? [];
  if (local.includes("main")) return "main";
  if (local.includes("master")) return "master";
  return (await git(root, ["symbolic-ref", "--quiet", "--short", "HEAD"])) || undefined;
}

/**
 * Without release.config.ts: the schema's defaults, with what the repository says for
 * itself — its version sources (the rules adoption uses), its tag prefix (the rule adoption
 * uses: tag-prefix.ts, from its tags and its release docs), its own
 * default branch, its name.
 */
async function zeroConfig(root: string): Promise<{ parsed: ParsedConfig; versionFiles: VersionFileRef[] }> {
  const [paths, tagTimes] = await Promise.all([repositoryPaths(root), git(root, TAG_TIMES_ARGS)]);
  const tags = parseTagTimes(tagTimes ?? "");
  const [sources, branch, stated] = await Promise.all([
    detectVersionSources(
      root,
      paths,
      tags.map((t) => t.name),
    ),
    defaultBranch(root),
    statedTag(
      releaseDocs(paths)
        .filter((p) => existsSync(join(root, p)))
        .map((p) => ({ path: p, text: readFileSync(join(root, p), "utf8") })),
    ),
  ]);
  const name = defaultName(root, sources.pythonName?.value);
  const prefix = tagPrefixOf(tags, {
    projectName: sources.pythonName?.value ?? name,
    ...(stated ? { stated } : {}),
  });
  const parsed = parseConfig(
    {
      name,
      ...(branch ? { branch } : {}),
      ...(prefix ? { tagPrefix: prefix.prefix } : {}),
      ...(sources.fromTag ? { versioning: { fromTag: sources.fromTag.tool } } : {}),
    },
    "the default config",
  );
  return {
    parsed,
    versionFiles: sources.files.map((f) => ({
      path: f.path,
      kind: f.kind,
      ...(f.variable ? { variable: f.variable } : {}),
    })),
  };
}

export async function loadConfig(root: string, opts: LoadOptions = {}): Promise<ReleaseConfig> {
  const env = opts.env ?? process.env;
  const file = join(root, CONFIG_FILE);
  const explicit = existsSync(file);
  const zero = explicit ? undefined : await zeroConfig(root);
  const parsed: ParsedConfig = zero ? zero.parsed : parseConfig(await importConfig(file), CONFIG_FILE);

  let versionFiles: VersionFileRef[];
  if (!zero) {
    versionFiles = parsed.versionFiles.map((v) =>
      typeof v === "string"
        ? { path: v, kind: inferKind(v) }
        : { path: v.path, kind: v.kind ?? inferKind(v.path), ...(v.variable ? { variable: v.variable } : {}) },
    );
    const missing = versionFiles.filter((v) => !existsSync(join(root, v.path)));
    if (missing.length) {
      throw new ReleaseError(
        "config.invalid",
        `Cannot use ${CONFIG_FILE}: versionFiles names files that do not exist: ${missing.map((m) => m.path).join(", ")}`,
        `Remove them from versionFiles in ${CONFIG_FILE}, or restore the files.`,
      );
    }
  } else versionFiles = zero.versionFiles;
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
