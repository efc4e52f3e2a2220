/**
 * Which tags are the project's own releases, pure. A tag is a release when it is the
 * prefix plus a semantic version that is either stable or a pre-release whose first
 * identifier is one the project cuts (`rc`, `beta`, the configured ones). Any other
 * tag with the prefix marks something else (`v1.1.0-desktop`, a component's build) and
 * is never taken for the last release. A two-part version (`v1.0`) is the release of
 * X.Y.0, as the tag-prefix rule reads it. Four-part versions (`v0.7.5.1`) are not semver:
 * they are reported, so a caller can refuse them by name instead of skipping them.
 */
import { compare, isValid, prereleaseId, release, rsort } from "./version.ts";

export interface ReleaseTag {
  tag: string;
  version: string;
}

/** The pre-release identifiers a project cuts when it configures none. */
export const DEFAULT_PREIDS = ["alpha", "beta", "rc"] as const;

/** Whether `version` (already valid semver) belongs to the release line. */
export function onReleaseLine(version: string, preids: readonly string[]): boolean {
  const id = prereleaseId(version);
  // `alpha1`, `rc2` (PEP 440 spelling, no dot) is the `alpha`, `rc` line too.
  if (id !== undefined) return preids.includes(id) || preids.includes(id.replace(/\d+$/, ""));
  // `1.0.0-1` (a numeric pre-release) has no identifier: not a line the project names.
  return release(version) === version.split("+")[0];
}

/** The version a tag's text names: `1.0` is 1.0.0 (a release tagged with two parts), the rest as written. */
export function tagVersion(text: string): string {
  return /^\d+\.\d+$/.test(text) ? `${text}.0` : text;
}

/** The project's release tags, highest first (one tag per version; `v1.0.0` rather than `v1.0`). */
export function releaseTags(tags: readonly string[], prefix: string, preids: readonly string[]): ReleaseTag[] {
  const byVersion = new Map<string, string>();
  for (const t of tags) {
    if (!t.startsWith(prefix)) continue;
    const text = t.slice(prefix.length);
    const v = tagVersion(text);
    if (!isValid(v) || !onReleaseLine(v, preids)) continue;
    if (!byVersion.has(v) || text === v) byVersion.set(v, t);
  }
  return rsort([...byVersion.keys()]).map((version) => ({ tag: byVersion.get(version)!, version }));
}

/** Tags whose version has four numeric parts (`v0.7.5.1`), with the three-part version they start with. */
export function fourPartTags(tags: readonly string[], prefix: string): { tag: string; base: string }[] {
  const out: { tag: string; base: string }[] = [];
  for (const t of tags) {
    const m = t.startsWith(prefix) ? /^(\d+)\.(\d+)\.(\d+)\.\d+$/.exec(t.slice(prefix.length)) : null;
    if (m) out.push({ tag: t, base: `${Number(m[1])}.${Number(m[2])}.${Number(m[3])}` });
  }
  return out;
}

/** Release tags at or above `target` (highest first), except `allow` (this very cut's tag on a rerun). */
export function tagsAtOrAbove(tags: readonly ReleaseTag[], target: string, allow?: string): ReleaseTag[] {
  return tags.filter((t) => t.tag !== allow && compare(t.version, target) >= 0);
}
