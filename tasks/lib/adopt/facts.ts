/**
 * What adoption knows about a repository, as plain data: the file list, the text of
 * the files inference reads, git's branch, tags and origin, and the dirty paths.
 * The reader is the only part of adoption that touches git and the file system;
 * inference, rendering and planning take these facts and decide.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { ReleaseError } from "../core/errors.ts";
import { read } from "../core/exec.ts";
import { CONFIG_FILE } from "../core/config/load.ts";
import { importFresh } from "../core/fresh-import.ts";
import { releaseDocs, statedTag } from "../core/config/stated-tag.ts";
import { parseTagTimes, TAG_TIMES_ARGS, type StatedTag, type VersionTag } from "../core/config/tag-prefix.ts";
import { detectVersionSources } from "../core/version-sources/detect.ts";
import type { VersionSources } from "../core/version-sources/types.ts";
import { headSha, mergedTags, recentSubjects } from "../release/git.ts";
import { UNTAGGED_SCAN } from "../release/last-release.ts";
import { toolTagPrefixes } from "../workflows/release-lines.ts";
import { readAutomation, type Automation } from "./release-automation.ts";
import { isJustfile, MAKEFILE_NAMES } from "./scripts.ts";

export interface ExistingConfig {
  text: string;
  /** the default export, when it imports */
  value?: unknown;
  /** why it did not import */
  error?: string;
}

export interface RepositoryFacts {
  /** the repository folder's name (a last-resort project name) */
  folder: string;
  /** every file git would track (tracked and untracked, ignored ones left out), sorted */
  paths: string[];
  /** the text of the files inference reads (see `wanted`), by repository path */
  files: Record<string, string>;
  git: {
    branch: string | undefined;
    /** every tag name, oldest first */
    tags: string[];
    /** every tag with its creation time, oldest first */
    tagTimes: VersionTag[];
    originUrl: string | undefined;
    /** staged, unstaged and untracked paths */
    dirty: string[];
    /** the tags HEAD reaches, HEAD and its history's subjects: what the last release is read from */
    history: { reachableTags: string[]; head: string | undefined; subjects: { sha: string; subject: string }[] };
  };
  existingConfig: ExistingConfig | undefined;
  /** which files carry the version, by the ecosystems' rules (the zero-config plan reads the same) */
  versionSources: VersionSources;
  /** how the release docs say releases are tagged (the zero-config plan reads the same) */
  statedTag: StatedTag | undefined;
  /** every publisher and release tool, and the release lines */
  automation: Automation;
}

const MAX_TEXT = 1024 * 1024;
const SKIP = /(^|\/)(node_modules|\.venv|venv|dist|target|build|__pycache__)\//;

/** The files whose text inference reads; lockfiles and sources are only listed. */
export function wanted(path: string): boolean {
  // Build output and environments, never the repository's own CI (`.github/actions/build/`).
  if (SKIP.test(path) && !path.startsWith(".github/")) return false;
  const name = basename(path);
  if (path.startsWith(".github/workflows/")) return /\.ya?ml$/.test(name);
  if (/\.(md|markdown)$/i.test(name)) return true;
  if (name === "package.json" || name === "tauri.conf.json" || name === "Cargo.toml") return true;
  if (name.endsWith(".spec")) return true;
  // Release scripts, Makefile rules and justfile recipes a person or a workflow runs.
  if (MAKEFILE_NAMES.includes(name) || isJustfile(name) || /\.(sh|bash)$/.test(name)) return true;
  // An action's metadata and image (its product), the scripts github-script steps require.
  if (/^action\.ya?ml$/.test(name) || name === "Dockerfile") return true;
  if (path.startsWith(".github/") && /\.[cm]?js$/.test(name)) return true;
  // Release tools' configurations, with the commands they run.
  if (path === ".changes/config.json" || path === ".release-it.json" || /^\.releaserc(\.(json|ya?ml))?$/.test(path))
    return true;
  return [
    ".bumpversion.cfg",
    ".bumpversion.toml",
    "setup.cfg",
    "pyproject.toml",
    "__version__.py",
    "VERSION",
    ".node-version",
    ".nvmrc",
    ".python-version",
    ".pre-commit-config.yaml",
    ".gitignore",
    "CHANGELOG",
    "conf.py",
  ].includes(name);
}

async function git(root: string, args: string[]): Promise<string | undefined> {
  const r = await read(["git", ...args], { cwd: root, nothrow: true });
  return r.exitCode === 0 ? r.stdout : undefined;
}

/**
 * The git top-level of `dir` (resolved against `cwd`, named as typed in the errors); a
 * folder that is not in a work tree is refused.
 */
export async function adoptRoot(dir: string, cwd = process.cwd()): Promise<string> {
  const abs = resolve(cwd, dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory())
    throw new ReleaseError("adopt.not-a-repo", `Cannot adopt ${dir}: it is not a directory`, "Pass --repo DIR.");
  const top = await git(abs, ["rev-parse", "--show-toplevel"]);
  if (top === undefined)
    throw new ReleaseError(
      "adopt.not-a-repo",
      `Cannot adopt ${dir}: it is not a git repository`,
      "Run `git init` and commit the project first, or pass --repo with the repository's folder.",
    );
  return top.trim();
}

async function readExistingConfig(root: string): Promise<ExistingConfig | undefined> {
  const file = join(root, CONFIG_FILE);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, "utf8");
  try {
    const mod = await importFresh(file);
    return mod.default === undefined ? { text, error: "it has no default export" } : { text, value: mod.default };
  } catch (e) {
    return { text, error: (e as Error).message.split("\n")[0] ?? "it does not load" };
  }
}

export async function readFacts(root: string): Promise<RepositoryFacts> {
  const listed = await git(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
  const paths = [...new Set((listed ?? "").split("\0").filter(Boolean))]
    .filter((p) => existsSync(join(root, p)))
    .sort();
  const files: Record<string, string> = {};
  for (const p of paths) {
    if (!wanted(p)) continue;
    const file = join(root, p);
    if (statSync(file).size <= MAX_TEXT) files[p] = readFileSync(file, "utf8");
  }
  const status = (await git(root, ["status", "--porcelain=v1", "-z", "--untracked-files=all"])) ?? "";
  const dirty: string[] = [];
  const entries = status.split("\0");
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.length < 4) continue;
    dirty.push(e.slice(3));
    if (e[0] === "R" || e[0] === "C") i++;
  }
  const branch = (await git(root, ["symbolic-ref", "--quiet", "--short", "HEAD"]))?.trim() || undefined;
  const tagTimes = parseTagTimes((await git(root, TAG_TIMES_ARGS)) ?? "");
  const tags = tagTimes.map((t) => t.name);
  const originUrl = (await git(root, ["remote", "get-url", "origin"]))?.trim() || undefined;
  return {
    folder: basename(root),
    paths,
    files,
    git: { branch, tags, tagTimes, originUrl, dirty, history: await readHistory(root) },
    existingConfig: await readExistingConfig(root),
    versionSources: await detectVersionSources(root, paths, tags),
    statedTag: await statedTag(releaseDocs(paths).flatMap((p) => (p in files ? [{ path: p, text: files[p]! }] : []))),
    automation: await readAutomation({ paths, files, tags }, (tools) => toolTagPrefixes(root, tools)),
  };
}

/** What the last release is read from, as the release state reads it (release/last-release.ts decides). */
async function readHistory(root: string): Promise<RepositoryFacts["git"]["history"]> {
  const [reachableTags, head, subjects] = await Promise.all([
    mergedTags(root, "").catch(() => [] as string[]),
    headSha(root),
    recentSubjects(root, UNTAGGED_SCAN),
  ]);
  return { reachableTags, head, subjects };
}

/** Which of `paths` git ignores (they would be written but never committed). */
export async function ignoredPaths(root: string, paths: string[]): Promise<string[]> {
  if (!paths.length) return [];
  const r = await read(["git", "check-ignore", "--no-index", "--stdin"], {
    cwd: root,
    nothrow: true,
    input: paths.join("\n"),
  });
  return r.stdout.split("\n").filter(Boolean);
}
