/**
 * The planner, pure: state + config + flags + date → the plan (target, tag, changelog
 * section, release notes, files that change, steps). It never calls git or the network.
 */
import { type ChangelogPlan, compareUrl, planChangelog } from "./changelog.ts";
import { releaseCommitVersion, suggestBump, type BumpSuggestion } from "./commits.ts";
import { lastRelease } from "./last-release.ts";
import type { ReleaseConfig } from "../core/config/index.ts";
import { shownOf } from "./command-line.ts";
import { lockfileRefresh, type LockfileRefresh } from "./lockfiles.ts";
import { gt, isPrerelease, isValid } from "./version.ts";
import type { ReleaseState } from "./state.ts";
import { resolveTarget, type TargetFlags, type TargetKind } from "./target.ts";

export interface FileChange {
  path: string;
  kind: string;
  from: string | null;
  to: string;
}

export interface ReleasePlan {
  current: string;
  target: string | null;
  targetKind: TargetKind | null;
  reason: string;
  /** why no target could be chosen (blocks the cut) */
  problem: string | null;
  suggested: BumpSuggestion;
  firstRelease: boolean;
  resume: boolean;
  tag: string | null;
  previousTag: string | null;
  compareUrl: string | null;
  commitMessage: string | null;
  changelog: ChangelogPlan | null;
  releaseNotes: string | null;
  versionFiles: FileChange[];
  /** the tool that makes the tag the version (versioning.fromTag): no file is bumped for it */
  fromTag: string | null;
  /** the refreshes the cut runs, each with its command and folder */
  lockfiles: LockfileRefresh[];
  /** releaseFiles from the config: further paths staged into the release commit */
  releaseFiles: string[];
  /** what the release commit stages (`git add --all -- <these>`), as git pathspecs */
  stage: string[];
  /** the preflight commands --yes runs before the first write (never run by inspection or --dry-run) */
  preflight: { id: string; command: string; cwd: string; blocking: boolean; runsHere: boolean }[];
  /** every file the cut writes */
  filesChanged: string[];
  steps: string[];
}

export interface PlanInput {
  state: ReleaseState;
  config: ReleaseConfig;
  flags: TargetFlags;
  /** the release date, YYYY-MM-DD */
  date: string;
  /** default process.platform */
  platform?: NodeJS.Platform;
  steps: string[];
}

/** The version the files declare (the first readable one), when it is a valid version. */
export function filesVersion(state: ReleaseState): string | undefined {
  return state.versionFiles.find((f) => f.version !== null && isValid(f.version))?.version ?? undefined;
}

/**
 * The version the next release counts from: the files', unless they are behind the last
 * release (left unbumped by an earlier tool); with no version file (the tag is the version)
 * the last release's.
 */
export function currentVersion(state: ReleaseState): string {
  const fromFiles = filesVersion(state);
  const last = lastRelease(state)?.version;
  if (fromFiles && last && gt(last, fromFiles)) return last;
  return fromFiles ?? last ?? "0.0.0";
}

export function releaseCommitMessage(tag: string): string {
  return `release: ${tag}`;
}

/** The version whose release commit HEAD is, if any (with or without the tag prefix). */
function resumeVersion(state: ReleaseState, prefix: string): string | undefined {
  return releaseCommitVersion(state.headSubject, prefix);
}

const GLOB = /[*?[\]{}]/;

/**
 * Every path the release commit holds, as git pathspecs: the CHANGELOG, the version
 * files, the lockfiles, and releaseFiles (a directory stands for everything under it;
 * a glob is matched by git, `*` within one folder and `**` across folders).
 */
export function releasePathspecs(
  config: Pick<ReleaseConfig, "changelog" | "versionFiles" | "releaseFiles">,
  plan: Pick<ReleasePlan, "lockfiles">,
): string[] {
  const specs = [
    // a project that keeps no CHANGELOG has none to stage (git refuses a pathspec that matches nothing)
    ...(config.changelog.keep === false ? [] : [config.changelog.path]),
    ...config.versionFiles.map((v) => v.path),
    ...plan.lockfiles.map((l) => l.path),
    ...config.releaseFiles.map((p) => (GLOB.test(p) ? `:(glob)${p}` : p)),
  ];
  return [...new Set(specs)];
}

/** The operating system as the config names it. */
export function platformName(p: NodeJS.Platform): "macos" | "linux" | "windows" | string {
  return p === "darwin" ? "macos" : p === "win32" ? "windows" : p;
}

/** What the preflight will run, where, and whether it applies on this platform. */
export function preflightPlan(config: Pick<ReleaseConfig, "preflight">, platform: string): ReleasePlan["preflight"] {
  return config.preflight.map((p) => ({
    id: p.id,
    command: shownOf(p.command),
    cwd: p.cwd ?? ".",
    blocking: p.blocking,
    runsHere: !p.platforms || p.platforms.includes(platform as "macos"),
  }));
}

/**
 * The version the cut targets and why: the files' version, the bump the commits call for,
 * a resume of HEAD's release commit, the flags. The CHANGELOG plays no part (the doctor
 * reads the state without it to simulate the fan-out for this version).
 */
export function planTarget({ state, config, flags }: Pick<PlanInput, "state" | "config" | "flags">) {
  const current = currentVersion(state);
  const last = lastRelease(state);
  // Files bumped above every release (tags reachable or not) name the next release themselves.
  const highest = state.allReleaseTags[0]?.version ?? last?.version;
  const ahead =
    last && highest && gt(current, last.version) && gt(current, highest)
      ? { filesVersion: current, above: highest, ...(last.tag ? {} : { aboveWhat: last.evidence }) }
      : undefined;
  const suggested = suggestBump(state.commits, current, config.versioning.breakingBelowOne);
  const target = resolveTarget(
    {
      current,
      firstRelease: last === undefined,
      ahead,
      resumeVersion: resumeVersion(state, config.tagPrefix),
      suggested,
      tagPrefix: config.tagPrefix,
      preids: state.preids,
    },
    flags,
  );
  // Counting from anything but the newest tag HEAD reaches is said, with what says so.
  if (
    last &&
    (last.tag === null || last.tag !== state.lastTag) &&
    target.kind &&
    !["explicit", "resume", "ahead"].includes(target.kind)
  )
    target.reason = `${target.reason} (the last release is ${last.evidence})`;
  return { current, suggested, target };
}

/** The tag the release compares with: the last release's, or on a resume the one before this very tag. */
function previousTagOf(state: ReleaseState, tag: string | null): string | null {
  const last = lastRelease(state);
  if (last?.tag && last.tag !== state.lastTag && last.tag !== tag) return last.tag;
  return state.lastTag === tag ? (state.recentTags[1] ?? null) : state.lastTag;
}

/** A plan with no version to cut (the problem says why): nothing changes. */
function planWithoutTarget(state: ReleaseState, config: ReleaseConfig, platform: string) {
  return {
    target: null,
    tag: null,
    previousTag: previousTagOf(state, null),
    compareUrl: null,
    commitMessage: null,
    changelog: null,
    releaseNotes: null,
    versionFiles: [],
    lockfiles: [],
    releaseFiles: config.releaseFiles,
    stage: [],
    preflight: preflightPlan(config, platform),
    filesChanged: [],
  };
}

/**
 * The commits this release lists and the tag it compares with: since the last tag (on a
 * resume, the one before this very tag); a stable release after pre-releases lists every
 * change since the last stable release.
 */
export function releaseRange(state: ReleaseState, version: string, tag: string) {
  if (!isPrerelease(version) && state.commitsSinceStable)
    return { previousTag: state.lastStableTag, commits: state.commitsSinceStable };
  // On a resume the last tag may be this very tag: the previous one is not knowable from HEAD alone.
  return { previousTag: previousTagOf(state, tag), commits: state.commits };
}

/** The version files not yet at the version, and the lockfiles there are to refresh. */
function filesToChange(state: ReleaseState, config: ReleaseConfig, version: string) {
  const versionFiles = state.versionFiles
    .filter((f) => f.version !== version)
    .map((f) => ({ path: f.path, kind: f.kind, from: f.version, to: version }));
  const lockfiles = config.lockfiles.flatMap((l) => {
    const found = state.lockfiles.find((s) => s.path === l.path && s.exists);
    return found ? [lockfileRefresh(l, found.storedArgs)] : [];
  });
  return { versionFiles, lockfiles };
}

export function planRelease({ state, config, flags, date, steps, platform: os }: PlanInput): ReleasePlan {
  const platform = platformName(os ?? process.platform);
  const { current, suggested, target } = planTarget({ state, config, flags });
  const base = {
    current,
    suggested,
    firstRelease: lastRelease(state) === undefined,
    resume: target.kind === "resume",
    targetKind: target.kind,
    reason: target.reason,
    problem: target.problem,
    fromTag: config.versioning.fromTag ?? null,
    steps,
  };
  if (target.version === null) return { ...base, ...planWithoutTarget(state, config, platform) };
  const version = target.version;
  const tag = `${config.tagPrefix}${version}`;
  const { previousTag, commits } = releaseRange(state, version, tag);
  const { path: _path, infer, keep, ...overrides } = config.changelog;
  // The file's own section for this version (any shape, any tool's) is used as written: no duplicate.
  const changelog = planChangelog({
    facts: state.changelog,
    overrides,
    infer,
    keep,
    version,
    tag,
    previousTag: previousTag ?? undefined,
    repository: config.repository,
    date,
    commits,
    releaseCommits: state.releaseCommits,
  });
  const { versionFiles, lockfiles } = filesToChange(state, config, version);
  const changelogChanges = changelog.mode === "insert" || changelog.mode === "create";
  return {
    ...base,
    target: version,
    tag,
    previousTag,
    compareUrl: compareUrl({ repository: config.repository, tag, previousTag: previousTag ?? undefined }) ?? null,
    commitMessage: releaseCommitMessage(tag),
    changelog,
    releaseNotes: changelog.notes,
    versionFiles,
    lockfiles,
    releaseFiles: config.releaseFiles,
    stage: releasePathspecs(config, { lockfiles }),
    preflight: preflightPlan(config, platform),
    filesChanged: [
      ...(changelogChanges ? [config.changelog.path] : []),
      ...versionFiles.map((f) => f.path),
      ...lockfiles.map((l) => l.path),
    ],
    steps,
  };
}
