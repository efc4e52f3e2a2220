/**
 * The tag prefix of a project's releases: one rule for adoption and the zero-config plan.
 * Version tags are grouped by what stands before their version (release lines); a line
 * another one took over (all its tags older and lower: `v0.9.0` before `0.11.0`) is
 * retired. One line still in use is the answer; among several (an app and a package,
 * monorepo components) the one the release docs state, else the one named after the
 * project, else the one whose prefix names no component (`v` beside `desktop-v`), else
 * the one with the newest tag — and the caller asks, since one config releases one
 * line. Without tags, the docs' form decides. Pure.
 */

export interface VersionTag {
  name: string;
  /** the tag's creation time (seconds), when git gave it */
  time?: number;
}

/** How the release docs say a release is tagged (`git tag 0.11.0`, `gh release create v$VERSION`). */
export interface StatedTag {
  prefix: string;
  /** `CONTRIBUTING.md:42` */
  where: string;
  /** the code or sentence that says it */
  text: string;
}

export interface TagLine {
  prefix: string;
  /** oldest first */
  tags: string[];
  newest: string;
}

export interface TagPrefix {
  prefix: string;
  why: string;
  /** the lines still in use, the chosen one first */
  active: TagLine[];
  /** lines another line took over (their prefix is history) */
  retired: TagLine[];
  /** the docs state another form than the tags show */
  disagreement?: string;
}

interface Parsed extends VersionTag {
  prefix: string;
  parts: [number, number, number];
  pre: boolean;
}

const VERSION_TAG = /^(.*?)(\d+)\.(\d+)(?:\.(\d+))?(?:[-.+]?([0-9A-Za-z][0-9A-Za-z.+-]*))?$/;

function parse(tag: VersionTag): Parsed | undefined {
  const m = VERSION_TAG.exec(tag.name);
  if (!m || /\d$/.test(m[1]!)) return undefined;
  const parts: [number, number, number] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  return { ...tag, prefix: m[1]!, parts, pre: m[5] !== undefined };
}

/**
 * A version as the tag rule reads it (`v1.0` is 1.0.0; what stands before the numbers is the
 * prefix, what follows them marks a pre-release or a build), or undefined when it is none.
 */
export function versionOfTag(
  name: string,
): { prefix: string; parts: [number, number, number]; pre: boolean } | undefined {
  const p = parse({ name });
  return p && { prefix: p.prefix, parts: p.parts, pre: p.pre };
}

/** Older first: numeric parts, then a pre-release before its release. */
function byVersion(a: Parsed, b: Parsed): number {
  for (let i = 0; i < 3; i++) if (a.parts[i] !== b.parts[i]) return a.parts[i]! - b.parts[i]!;
  return Number(b.pre) - Number(a.pre);
}

/** Older first: creation time when both have one, else the version, else the name (so input order never decides). */
const byAge = (a: Parsed, b: Parsed) =>
  a.time !== undefined && b.time !== undefined && a.time !== b.time
    ? a.time - b.time
    : byVersion(a, b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

interface Line {
  prefix: string;
  tags: Parsed[];
}

/**
 * \`older\` was taken over by \`newer\`: every tag of it is lower than every tag of the other,
 * and made before it. Tags made in the same second say nothing about order (a monorepo
 * tool tags every component at once): they are never a take-over. Without times, the
 * versions alone decide.
 */
function supersedes(newer: Line, older: Line): boolean {
  const oldest = [...newer.tags].sort(byVersion)[0]!;
  const highest = [...older.tags].sort(byVersion).at(-1)!;
  if (byVersion(highest, oldest) >= 0) return false;
  if ([...older.tags, ...newer.tags].some((t) => t.time === undefined)) return true;
  return Math.max(...older.tags.map((t) => t.time!)) < Math.min(...newer.tags.map((t) => t.time!));
}

const asLine = (l: Line): TagLine => {
  const tags = [...l.tags].sort(byAge).map((t) => t.name);
  return { prefix: l.prefix, tags, newest: tags.at(-1)! };
};

const PLAIN = /^(v|V|release-?v?|version-?v?)?$/;

const SEPARATORS = ["-v", "-", "@", "/v", "/", "_v", "_"];

/** The line named after the project (`hatch-v` for hatch), if one is. */
function namedAfter(lines: readonly Line[], projectName: string | undefined): Line | undefined {
  const name = projectName?.toLowerCase();
  if (!name) return undefined;
  const variants = [name, name.replace(/[-_.]/g, "-"), name.replace(/[-_.]/g, "_")];
  return lines.find((l) => variants.some((n) => SEPARATORS.some((s) => l.prefix.toLowerCase() === `${n}${s}`)));
}

const shown = (p: string) => (p ? `"${p}"` : '"" (bare versions)');

/** The prefix every release of this config carries, and why. */
export function tagPrefixOf(
  tags: readonly (string | VersionTag)[],
  opts: { projectName?: string; stated?: StatedTag } = {},
): TagPrefix | undefined {
  const parsed = tags.flatMap((t) => parse(typeof t === "string" ? { name: t } : t) ?? []);
  const { stated } = opts;
  if (!parsed.length)
    return stated
      ? { prefix: stated.prefix, why: `${stated.where} tags releases as ${stated.text}`, active: [], retired: [] }
      : undefined;
  const groups = new Map<string, Line>();
  for (const t of parsed) {
    const line = groups.get(t.prefix) ?? { prefix: t.prefix, tags: [] };
    line.tags.push(t);
    groups.set(t.prefix, line);
  }
  const lines = [...groups.values()];
  const retired = lines.filter((l) => lines.some((o) => o !== l && supersedes(o, l)));
  const active = lines.filter((l) => !retired.includes(l));
  const newestFirst = [...active].sort((a, b) => byAge(newestOf(b), newestOf(a)));
  const byDocs = stated && active.find((l) => l.prefix === stated.prefix);
  const byName = active.length > 1 ? namedAfter(active, opts.projectName) : undefined;
  // A prefix that names no component (`v`, bare) is the repository's own line beside `desktop-v`, `api-v`.
  const plain = active.length > 1 ? newestFirst.filter((l) => PLAIN.test(l.prefix)) : [];
  const byPlain = plain.length === 1 ? plain[0] : undefined;
  const chosen = byDocs ?? byName ?? byPlain ?? newestFirst[0]!;
  const newest = newestOf(chosen);
  const others = retired.length
    ? `; older tags ${retired.map((l) => `${shown(l.prefix)} (to ${asLine(l).newest})`).join(", ")} stopped before it`
    : "";
  const why = byDocs
    ? `${stated!.where} tags releases as ${stated!.text}, as the tags do (newest ${newest.name})`
    : byName
      ? `the tags named after ${opts.projectName} (${chosen.prefix}X.Y.Z, newest ${newest.name})`
      : byPlain
        ? `the repository's own version tags (${chosen.prefix}X.Y.Z, newest ${newest.name}; the other prefixes name components)`
        : `the newest version tag ${newest.name} (${chosen.tags.length} of ${parsed.length} version tags have this prefix${others})`;
  const disagreement =
    stated && stated.prefix !== chosen.prefix
      ? `${stated.where} tags releases as ${stated.text} (prefix ${shown(stated.prefix)}), but the newest tags read ${newest.name} (prefix ${shown(chosen.prefix)})`
      : undefined;
  return {
    prefix: chosen.prefix,
    why,
    active: [chosen, ...newestFirst.filter((l) => l !== chosen)].map(asLine),
    retired: retired.map(asLine),
    ...(disagreement ? { disagreement } : {}),
  };
}

const newestOf = (l: Line) => [...l.tags].sort(byAge).at(-1)!;

/** `name<TAB>unix-time` lines from `git for-each-ref --format=%(refname:short)%09%(creatordate:unix) refs/tags`. */
export function parseTagTimes(text: string): VersionTag[] {
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const [name, t] = l.split("\t");
      const time = Number(t);
      return Number.isFinite(time) && t ? { name: name!, time } : { name: name! };
    });
}

/** The git arguments that list every tag with its creation time, oldest first (see parseTagTimes). */
export const TAG_TIMES_ARGS = [
  "for-each-ref",
  "--sort=creatordate",
  "--format=%(refname:short)%09%(creatordate:unix)",
  "refs/tags",
];
