/**
 * Version resolution, pure: the current version, the flags and the commits' suggested
 * bump give the target. Explicit VERSION, --bump, --preid (rc.0, then rc.1), promotion
 * of a pre-release, the first release, and resuming a cut whose commit already exists.
 */
import type { BumpSuggestion } from "./commits.ts";
import { UsageError } from "../core/errors.ts";
import { type Bump, inc, isPrerelease, isValid, prereleaseId, release } from "./version.ts";

export interface TargetFlags {
  /** the VERSION positional */
  version?: string;
  bump?: string;
  preid?: string;
}

export interface TargetInput {
  current: string;
  /** no release tag is reachable from HEAD */
  firstRelease: boolean;
  /** the version files declare a version above every release tag: bumped by hand, not yet tagged */
  ahead?:
    | { filesVersion: string; above: string /** the last release, when it is no tag */; aboveWhat?: string }
    | undefined;
  /** HEAD is this tool's release commit for this version (a rerun) */
  resumeVersion: string | undefined;
  suggested: BumpSuggestion;
  tagPrefix: string;
  /** pre-release identifiers of the release line; --preid must be one (absent: any) */
  preids?: readonly string[];
}

export type TargetKind = "explicit" | "bump" | "suggested" | "prerelease" | "promote" | "first" | "ahead" | "resume";

export interface Target {
  version: string | null;
  kind: TargetKind | null;
  reason: string;
  /** why there is no target (the plan is then blocked) */
  problem: string | null;
}

const BUMPS = ["major", "minor", "patch"] as const;

export function validateFlags(
  flags: TargetFlags,
  tagPrefix: string,
): { version?: string; bump?: Bump; preid?: string } {
  let version = flags.version;
  if (version !== undefined) {
    if (tagPrefix && version.startsWith(tagPrefix) && isValid(version.slice(tagPrefix.length)))
      version = version.slice(tagPrefix.length);
    if (!isValid(version))
      throw new UsageError(
        `Cannot use version "${flags.version}": it is not a semantic version such as 1.4.0 or 1.5.0-rc.0`,
      );
  }
  if (flags.bump !== undefined && !(BUMPS as readonly string[]).includes(flags.bump)) {
    throw new UsageError(`Cannot bump by "${flags.bump}": use --bump major, minor or patch`);
  }
  if (flags.preid !== undefined && !/^[0-9A-Za-z-]+$/.test(flags.preid))
    throw new UsageError(`Cannot use --preid "${flags.preid}": use letters, digits and hyphens (rc, beta)`);
  if (version !== undefined && (flags.bump !== undefined || flags.preid !== undefined))
    throw new UsageError("Cannot combine VERSION with --bump or --preid: give one or the other");
  return { version, bump: flags.bump as Bump | undefined, preid: flags.preid };
}

export function resolveTarget(input: TargetInput, rawFlags: TargetFlags): Target {
  const flags = validateFlags(rawFlags, input.tagPrefix);
  // A pre-release the project does not list would not count as a release next time (see tags.ts).
  if (flags.preid !== undefined && input.preids && !input.preids.includes(flags.preid))
    throw new UsageError(
      `Cannot cut a "${flags.preid}" pre-release: it is not in versioning.preids (${input.preids.join(", ")})`,
    );
  const { current } = input;
  const ok = (version: string, kind: TargetKind, reason: string): Target => ({ version, kind, reason, problem: null });

  if (
    input.resumeVersion &&
    (flags.version === input.resumeVersion || (!flags.version && !flags.bump && !flags.preid))
  ) {
    return ok(
      input.resumeVersion,
      "resume",
      `HEAD is the release commit of ${input.tagPrefix}${input.resumeVersion}: finishing that cut`,
    );
  }
  if (flags.version) return ok(flags.version, "explicit", "given on the command line");

  if (flags.preid) {
    if (isPrerelease(current) && prereleaseId(current) === flags.preid && !flags.bump) {
      return ok(inc(current, "prerelease", flags.preid), "prerelease", `next ${flags.preid} of ${release(current)}`);
    }
    if (isPrerelease(current) && !flags.bump)
      return ok(inc(current, "prerelease", flags.preid), "prerelease", `switch to ${flags.preid}`);
    const bump = flags.bump ?? input.suggested.bump ?? "patch";
    return ok(
      inc(current, `pre${bump}`, flags.preid),
      "prerelease",
      `${bump} pre-release (${flags.bump ? "--bump" : input.suggested.reason})`,
    );
  }
  // Files bumped ahead of the newest tag name the next release themselves.
  if (input.ahead && !flags.bump)
    return ok(
      input.ahead.filesVersion,
      "ahead",
      `the version files already declare ${input.ahead.filesVersion}, above ${input.ahead.aboveWhat ?? `the newest tag ${input.tagPrefix}${input.ahead.above}`}`,
    );
  if (isPrerelease(current) && !flags.bump)
    return ok(release(current), "promote", `promote ${current} to ${release(current)}`);
  if (flags.bump) return ok(inc(current, flags.bump), "bump", `--bump ${flags.bump}`);
  if (input.firstRelease && current !== "0.0.0")
    return ok(current, "first", `first release: the version the files declare`);
  if (input.suggested.bump)
    return ok(inc(current, input.suggested.bump), "suggested", `${input.suggested.bump}: ${input.suggested.reason}`);
  return {
    version: null,
    kind: null,
    reason: input.suggested.reason,
    problem: `Cannot suggest a version: ${input.suggested.reason}`,
  };
}
