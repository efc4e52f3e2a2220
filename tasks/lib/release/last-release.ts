/**
 * Which release the next one counts from, pure: the one model the plan and adoption share,
 * so neither proposes (nor asks about) a version that is already out. A release is a tag of
 * the project's line wherever it was made — on HEAD's history, or on a branch HEAD does not
 * reach (a release branch, a maintenance line) — and, when the project has no tag at all, a
 * commit whose subject says it released a version (a bump tool's commit, a version committed
 * by hand).
 */
import { releaseCommitVersion } from "./commits.ts";
import { releaseTags, type ReleaseTag } from "./tags.ts";
import { gt, isPrerelease } from "./version.ts";

export interface UntaggedRelease {
  sha: string;
  subject: string;
  version: string;
}

/** What the history says about past releases (the state reader gathers it from git). */
export interface ReleaseHistory {
  /** the newest release tag HEAD reaches, and its version */
  lastTag: string | null;
  lastVersion: string | null;
  /** every release tag of the project's line (reachable or not), highest first */
  allReleaseTags: ReleaseTag[];
  /** the release tags HEAD does not reach */
  offHistoryTags: string[];
  /** with no release tag at all: the newest commit that says it released a version */
  untaggedRelease: UntaggedRelease | null;
}

export interface LastRelease {
  version: string;
  /** its tag; null for a release made without one */
  tag: string | null;
  /** what says it was released, for the plan's reason */
  evidence: string;
}

/** The highest stable release tag HEAD does not reach (a release cut on another branch), if any. */
export function releasedElsewhere(history: ReleaseHistory): ReleaseTag | undefined {
  const off = new Set(history.offHistoryTags);
  return history.allReleaseTags.find((t) => off.has(t.tag) && !isPrerelease(t.version));
}

/**
 * The release the next one counts from: the newest tag HEAD reaches, unless a higher release
 * was tagged on a branch HEAD does not reach (its tag is taken, so counting from below it
 * would propose a version that is already out); with no tag at all, a commit that says it
 * released a version. Undefined: nothing was ever released.
 */
export function lastRelease(history: ReleaseHistory): LastRelease | undefined {
  const elsewhere = releasedElsewhere(history);
  if (elsewhere && (!history.lastVersion || gt(elsewhere.version, history.lastVersion)))
    return { ...elsewhere, evidence: `${elsewhere.tag}, tagged on a branch HEAD does not reach` };
  if (history.lastTag && history.lastVersion)
    return { version: history.lastVersion, tag: history.lastTag, evidence: history.lastTag };
  const u = history.untaggedRelease;
  if (u)
    return {
      version: u.version,
      tag: null,
      evidence: `${u.version}, released without a tag by ${u.sha.slice(0, 7)} "${u.subject.slice(0, 80)}"`,
    };
  return undefined;
}

/** A subject that is the version alone (`0.0.6`, `v1.2.0`): a release committed by hand. */
const VERSION_SUBJECT = /^(\S*?\d+\.\d+\.\d+\S*)$/;

/** The version a subject says was released: a release tool's subject, or the version alone. */
function releasedBy(subject: string, prefix: string): string | undefined {
  const byTool = releaseCommitVersion(subject, prefix);
  if (byTool) return byTool;
  const alone = VERSION_SUBJECT.exec(subject.trim())?.[1];
  return alone === undefined ? undefined : releaseCommitVersion(`release: ${alone}`, prefix);
}

/**
 * The newest of `subjects` (HEAD's history, newest first) that says it released a version.
 * HEAD itself is left out: a release commit at HEAD is a cut to finish, not a past release.
 */
export function untaggedReleaseIn(
  subjects: readonly { sha: string; subject: string }[],
  prefix: string,
  head: string | null | undefined,
): UntaggedRelease | null {
  for (const c of subjects) {
    if (c.sha === head) continue;
    const version = releasedBy(c.subject, prefix);
    if (version) return { sha: c.sha, subject: c.subject, version };
  }
  return null;
}

/** How far back HEAD's history is searched for an untagged release commit. */
export const UNTAGGED_SCAN = 2000;

/** What git says, as the state reader and adoption's facts read it. */
export interface HistoryInput {
  /** the tags HEAD reaches (`git tag --merged HEAD`) */
  reachableTags: readonly string[];
  /** every tag */
  allTags: readonly string[];
  /** HEAD's history, newest first (only read where no release tag exists) */
  subjects: readonly { sha: string; subject: string }[];
  head: string | null | undefined;
}

/**
 * The release history of the line `prefix` (with its pre-release identifiers), and the
 * release tags HEAD reaches, highest first. Tag-less releases (commits that say so) count
 * only where the line has no tag at all: a project that tags its releases made the others.
 */
export function releaseHistory(
  input: HistoryInput,
  prefix: string,
  preids: readonly string[],
): ReleaseHistory & { reachable: ReleaseTag[] } {
  const reachable = releaseTags(input.reachableTags, prefix, preids);
  const every = releaseTags(input.allTags, prefix, preids);
  const on = new Set(reachable.map((t) => t.tag));
  return {
    lastTag: reachable[0]?.tag ?? null,
    lastVersion: reachable[0]?.version ?? null,
    allReleaseTags: every,
    offHistoryTags: every.filter((t) => !on.has(t.tag)).map((t) => t.tag),
    untaggedRelease: every.length ? null : untaggedReleaseIn(input.subjects, prefix, input.head),
    reachable,
  };
}

/** The versions a project's first release usually carries: a first release of any other may be out already. */
const FIRST_VERSIONS = ["0.0.0", "0.0.1", "0.1.0", "1.0.0"];

export const isFirstVersion = (stable: string): boolean => FIRST_VERSIONS.includes(stable);
