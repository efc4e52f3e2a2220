/**
 * A version never bumped: files that still say what they were created with while the
 * project's releases moved on. A version no tag names, with two or more releases tagged
 * above it, is such a placeholder: the files do not follow the releases, the tags do. One
 * release above is a version left unbumped once (the cut counts from the tag and brings the
 * files up to it), not a placeholder. Adoption and the zero-config plan both ask this. Pure.
 */
import { versionOfTag } from "../config/tag-prefix.ts";

export interface Placeholder {
  version: string;
  /** the stable release tags above it, highest first */
  above: string[];
}

/** How many releases above a never-tagged version make it a placeholder. */
export const PLACEHOLDER_RELEASES = 2;

const cmp = (a: readonly number[], b: readonly number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;

/** Whether `version` is a placeholder among `tags` (every tag of the repository, any line). */
export function placeholderOf(version: string, tags: readonly string[]): Placeholder | undefined {
  const v = versionOfTag(version);
  if (!v || (v.prefix !== "" && v.prefix !== "v")) return undefined;
  const parsed = tags.flatMap((name) => {
    const t = versionOfTag(name);
    return t ? [{ name, ...t }] : [];
  });
  if (parsed.some((t) => cmp(t.parts, v.parts) === 0)) return undefined;
  const above = parsed.filter((t) => !t.pre && cmp(t.parts, v.parts) > 0).sort((a, b) => cmp(b.parts, a.parts));
  return above.length >= PLACEHOLDER_RELEASES ? { version, above: above.map((t) => t.name) } : undefined;
}
