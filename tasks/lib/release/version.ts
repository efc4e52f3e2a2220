/**
 * The one module that imports the semver library (the npm `semver` package stands in
 * for `@std/semver`, which is only published on JSR). Switching is this file only.
 */
// Function by function: the package's index loads all 47 of its files (ranges, classes), and
// every file loaded through tsx's hooks costs start-up; these need 11.
import semverCompare from "semver/functions/compare.js";
import semverGt from "semver/functions/gt.js";
import semverInc from "semver/functions/inc.js";
import semverMajor from "semver/functions/major.js";
import semverParse from "semver/functions/parse.js";
import semverPrerelease from "semver/functions/prerelease.js";
import semverRcompare from "semver/functions/rcompare.js";
import semverValid from "semver/functions/valid.js";

const semver = {
  valid: semverValid,
  compare: semverCompare,
  gt: semverGt,
  prerelease: semverPrerelease,
  parse: semverParse,
  major: semverMajor,
  inc: semverInc,
  rcompare: semverRcompare,
};

export type Bump = "major" | "minor" | "patch";

/**
 * A patch release: its patch number is not 0 (1.2.3, 1.2.3-rc.1; not 1.2.0). Read from
 * the text, so a CHANGELOG heading's version that semver refuses still gets an answer.
 */
export const isPatchVersion = (v: string): boolean => !/^\d+\.\d+\.0(?:$|[-+])/.test(v);

export function isValid(v: string): boolean {
  return semver.valid(v) !== null && !v.startsWith("v") && !v.startsWith("=");
}

export function compare(a: string, b: string): number {
  return semver.compare(a, b);
}

export function gt(a: string, b: string): boolean {
  return semver.gt(a, b);
}

export function isPrerelease(v: string): boolean {
  return (semver.prerelease(v)?.length ?? 0) > 0;
}

/** The prerelease id of `1.5.0-rc.1` is `rc`; undefined for a stable version. */
export function prereleaseId(v: string): string | undefined {
  const p = semver.prerelease(v);
  return p && typeof p[0] === "string" ? p[0] : undefined;
}

/** `1.5.0-rc.1` → `1.5.0`. */
export function release(v: string): string {
  const p = semver.parse(v);
  if (!p) throw new Error(`not a version: ${v}`);
  return `${p.major}.${p.minor}.${p.patch}`;
}

export function major(v: string): number {
  return semver.major(v);
}

export function inc(
  v: string,
  kind: Bump | "premajor" | "preminor" | "prepatch" | "prerelease",
  preid?: string,
): string {
  const out = preid === undefined ? semver.inc(v, kind) : semver.inc(v, kind, preid, "0");
  if (!out) throw new Error(`cannot bump ${v} by ${kind}`);
  return out;
}

/** Sort versions descending. */
export function rsort(versions: string[]): string[] {
  return [...versions].sort((a, b) => semver.rcompare(a, b));
}
