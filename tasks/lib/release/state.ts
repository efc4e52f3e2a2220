/**
 * The state reader: gathers every fact the planner and the checks need from git and
 * the files into plain data (JSON-safe). No decisions here.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type ChangelogFacts, changelogFacts } from "./changelog.ts";
import { isReleaseCommit, parseCommit, parsedChanges, type ParsedCommit } from "./commits.ts";
import type { ReleaseConfig } from "../core/config/index.ts";
import type { VersionFileKind } from "../core/config/schema.ts";
import { ReleaseError } from "../core/errors.ts";
import { readCutRecord, type CutRecord } from "./cut-record.ts";
import { type ReleaseHistory, releaseHistory, UNTAGGED_SCAN } from "./last-release.ts";
import * as git from "./git.ts";
import { lockfileKind, uvResolverArgs } from "./lockfiles.ts";
import { DEFAULT_PREIDS, fourPartTags, releaseTags, type ReleaseTag } from "./tags.ts";
import { isPrerelease } from "./version.ts";
import { readVersionOf } from "./version-files/index.ts";

export interface VersionFileState {
  path: string;
  kind: VersionFileKind;
  version: string | null;
  error: string | null;
}

export interface ReleaseState extends ReleaseHistory {
  branch: string | null;
  head: string | null;
  headSubject: string;
  dirty: string[];
  /** release tags reachable from HEAD, highest first (at most 5) */
  recentTags: string[];
  /** four-part version tags reachable from HEAD (`v0.7.5.1`), with their three-part start */
  fourPartTags: { tag: string; base: string }[];
  /** a shallow clone: history and tags are incomplete */
  shallow: boolean;
  /** a cut interrupted by a crash, as recorded in .git/release-cut.json (only --yes acts on it) */
  interrupted: CutRecord | null;
  /** the pre-release identifiers of the release line (versioning.preids) */
  preids: string[];
  /** conventional-parsed commits since the last tag, newest first (merges and release commits left out) */
  commits: ParsedCommit[];
  releaseCommitsLeftOut: number;
  /** the release commits left out, for the plan to show */
  releaseCommits: { sha: string; subject: string }[];
  /** when the last tag is a pre-release: the last stable tag and the commits since it (promotion) */
  lastStableTag: string | null;
  commitsSinceStable: ParsedCommit[] | null;
  versionFiles: VersionFileState[];
  changelog: ChangelogFacts;
  /** configured lockfiles; for uv.lock the resolver options it stores, as `uv lock` arguments */
  lockfiles: { path: string; exists: boolean; storedArgs: string[] }[];
}

export async function readVersionFile(
  root: string,
  path: string,
  kind: VersionFileKind,
  variable?: string,
): Promise<VersionFileState> {
  try {
    return {
      path,
      kind,
      version: await readVersionOf(kind, readFileSync(join(root, path), "utf8"), path, variable),
      error: null,
    };
  } catch (e) {
    if (e instanceof ReleaseError || (e as NodeJS.ErrnoException).code === "ENOENT")
      return { path, kind, version: null, error: (e as Error).message };
    throw e;
  }
}

/** Commits since `from` (and outside `without`'s history), parsed, release commits left out. */
async function parsedCommits(root: string, from: string | undefined, without: readonly string[]) {
  return parsedChanges(await git.commitsSince(root, from, without));
}

/** Commits in `from..to` as `parsedCommits` gives them; undefined when the range holds more than `cap`. */
async function parsedCommitsUpTo(root: string, from: string, to: string, cap: number) {
  const raw = await git.commitsBetween(root, from, to, cap + 1);
  return raw.length > cap ? undefined : parsedChanges(raw);
}

function readLockfile(root: string, l: ReleaseConfig["lockfiles"][number]): ReleaseState["lockfiles"][number] {
  const file = join(root, l.path);
  const exists = existsSync(file);
  const storedArgs = exists && lockfileKind(l) === "uv" ? uvResolverArgs(readFileSync(file, "utf8")) : [];
  return { path: l.path, exists, storedArgs };
}

/** The pre-release identifiers the project cuts. */
export function preidsOf(config: Pick<ReleaseConfig, "versioning">): string[] {
  return config.versioning.preids ?? [...DEFAULT_PREIDS];
}

export interface ReadStateOptions {
  /**
   * false: leave the CHANGELOG unread (facts as if there were no file). The version the cut
   * targets does not depend on it, and the doctor needs only that (a 122 KB file takes
   * mdast about 0.25 s).
   */
  changelog?: boolean;
}

export async function readReleaseState(
  root: string,
  config: ReleaseConfig,
  opts: ReadStateOptions = {},
): Promise<ReleaseState> {
  const [branch, head, headSubject, dirty, tags, everyTag, shallow, interrupted] = await Promise.all([
    git.currentBranch(root),
    git.headSha(root),
    git.headSubject(root),
    git.dirtyPaths(root),
    git.mergedTags(root, config.tagPrefix).catch(() => [] as string[]),
    git.listTags(root, config.tagPrefix).catch(() => [] as string[]),
    git.isShallow(root),
    readCutRecord(root),
  ]);
  const preids = preidsOf(config);
  const history = await readHistory(root, config.tagPrefix, preids, { tags, everyTag, head });
  const ordered = history.reachable;
  const every = history.allReleaseTags;
  const last = ordered[0];
  const headRelease = /^release: (.+)$/.exec(headSubject)?.[1];
  const headVersion = headRelease?.startsWith(config.tagPrefix)
    ? headRelease.slice(config.tagPrefix.length)
    : undefined;
  const since = last?.tag ?? history.untaggedRelease?.sha;
  const { commits, releaseCommits } = splitReleaseCommits(await git.commitsSince(root, since, history.without));
  // A stable release after pre-releases lists every change since the last stable one.
  const stable = last && isPrerelease(last.version) ? ordered.find((t) => !isPrerelease(t.version)) : undefined;
  const commitsSinceStable =
    last && isPrerelease(last.version) ? await parsedCommits(root, stable?.tag, history.without) : null;
  return {
    branch: branch ?? null,
    head: head ?? null,
    headSubject,
    dirty,
    lastTag: history.lastTag,
    lastVersion: history.lastVersion,
    recentTags: ordered.slice(0, 5).map((t) => t.tag),
    allReleaseTags: every,
    offHistoryTags: history.offHistoryTags,
    untaggedRelease: history.untaggedRelease,
    fourPartTags: fourPartTags(tags, config.tagPrefix),
    shallow,
    interrupted: interrupted ?? null,
    preids,
    commits,
    releaseCommitsLeftOut: releaseCommits.length,
    releaseCommits,
    lastStableTag: stable?.tag ?? null,
    commitsSinceStable,
    versionFiles: await Promise.all(config.versionFiles.map((v) => readVersionFile(root, v.path, v.kind, v.variable))),
    changelog: await readChangelogFacts(root, config, { every, last, headVersion, read: opts.changelog !== false }),
    lockfiles: config.lockfiles.map((l) => readLockfile(root, l)),
  };
}

/**
 * The releases the history records (last-release.ts decides, adoption reads the same), and
 * `without`: the refs whose history holds released commits HEAD does not list again (the
 * tags off HEAD's history).
 */
async function readHistory(
  root: string,
  prefix: string,
  preids: readonly string[],
  refs: { tags: string[]; everyTag: string[]; head: string | undefined },
) {
  // HEAD's subjects matter only where the line has no tag at all (releaseHistory says so).
  const none = !releaseTags(refs.everyTag, prefix, preids).length;
  const subjects = none ? await git.recentSubjects(root, UNTAGGED_SCAN) : [];
  const history = releaseHistory(
    { reachableTags: refs.tags, allTags: refs.everyTag, subjects, head: refs.head },
    prefix,
    preids,
  );
  return { ...history, without: history.offHistoryTags.map((t) => `refs/tags/${t}`) };
}

/** The commits since the last release, parsed; the release commits tools make are left out and listed. */
function splitReleaseCommits(raw: readonly { sha: string; message: string }[]): {
  commits: ParsedCommit[];
  releaseCommits: ReleaseState["releaseCommits"];
} {
  const commits: ParsedCommit[] = [];
  const releaseCommits: ReleaseState["releaseCommits"] = [];
  for (const c of raw) {
    if (isReleaseCommit(c.message)) releaseCommits.push({ sha: c.sha, subject: c.message.split("\n")[0]! });
    else commits.push(parseCommit(c.sha, c.message));
  }
  return { commits, releaseCommits };
}

/** What the cut needs of the CHANGELOG; `read: false` leaves it unread (the facts of a missing file). */
function readChangelogFacts(
  root: string,
  config: ReleaseConfig,
  o: { every: ReleaseTag[]; last: ReleaseTag | undefined; headVersion: string | undefined; read: boolean },
): ReturnType<typeof changelogFacts> {
  const path = join(root, config.changelog.path);
  return changelogFacts({
    path: config.changelog.path,
    text: o.read && existsSync(path) ? readFileSync(path, "utf8") : null,
    tagPrefix: config.tagPrefix,
    // An example is the range between two of the project's tags, reachable from HEAD or not: after
    // a rewritten history the newest sections' tags are no ancestors of HEAD, yet they still show
    // how commits became entries.
    tags: o.every,
    lastVersion: o.last?.version,
    headVersion: o.headVersion,
    commitsBetween: (from, to, cap) => parsedCommitsUpTo(root, from, to, cap),
  });
}
