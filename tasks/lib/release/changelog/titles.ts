/**
 * What a category title means: the Conventional Commit types it takes, whether it is a
 * catch-all, and where Keep a Changelog puts it. Shared by the inference (a file's own
 * titles) and the renderer (the title a commit of an unlisted type goes under). Pure.
 */
import { CATCH_ALL_TITLE, DEFAULT_CATEGORIES } from "./style.ts";

// Category titles of the real tools (Keep a Changelog, conventional-changelog, release-please,
// git-cliff's default and emoji configs, commitizen, hand-written release scripts), normalised to lower-case words.
const TITLE_TYPES: [RegExp, string[]][] = [
  [/breaking/, ["!"]],
  [/^(features?|feat|added|new features?|enhancements?)$/, ["feat"]],
  [/^(bug ?fix(es)?|fix(es|ed)?)$/, ["fix"]],
  [/^(performance( improvements?)?|perf)$/, ["perf"]],
  [/^((code )?refactor(ing)?|changed)$/, ["refactor"]],
  // `doc:` is as common as `docs:` (git-cliff's own config matches `^doc`)
  [/^(documentation|docs)$/, ["docs", "doc"]],
  [/^(reverts?|reverted)$/, ["revert"]],
  [/^(tests?|testing)$/, ["test"]],
  [/^(build( system)?|builds)$/, ["build"]],
  [/^(continuous integration|ci)$/, ["ci"]],
  [/^(styl(e|es|ing))$/, ["style"]],
  [/^(chores?|miscellaneous tasks)$/, ["chore", "ci"]],
  [/^(security)$/, ["security"]],
  [/^(deprecated|deprecations?)$/, ["deprecate", "deprecated"]],
  [/^(removed|removals?)$/, ["remove", "removed"]],
];
export const USER_FACING = ["!", "feat", "fix", "perf", "revert", "refactor", "docs", "security"];
const CATCH_ALL = /^(others?|other changes|misc(ellaneous)?|changes|uncategori[sz]ed|unknown)$/;

/** A title as comparable words: `⛰️  Features` and `features` are the same title. */
export const words = (title: string) =>
  title
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N} ]/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();

export function titleTypes(title: string): { types: string[]; catchAll: boolean } {
  const w = words(title);
  if (CATCH_ALL.test(w)) return { types: [], catchAll: true };
  for (const [re, types] of TITLE_TYPES) if (re.test(w)) return { types: [...types], catchAll: false };
  // `### deps`: a custom type used as its own title
  return { types: /^[a-z][\w-]*$/.test(w) ? [w] : [], catchAll: false };
}

// Keep a Changelog's order (Added, Changed, Deprecated, Removed, Fixed, Security), a breaking
// heading first, the types it has no place for after, the catch-all last.
const RANK: Record<string, number> = { "!": 0 };
DEFAULT_CATEGORIES.forEach((c, i) => {
  for (const t of c.types) RANK[t] = i + 1;
});

/** Where a category with these types stands in Keep a Changelog's order. */
export function rankOf(c: { types: readonly string[]; catchAll?: boolean }): number {
  if (c.catchAll) return 100;
  const ranks = c.types.map((t) => RANK[t] ?? 50);
  return ranks.length ? Math.min(...ranks) : 50;
}

/** The title the defaults give a type: Keep a Changelog's heading that means it, else the catch-all. */
export function defaultTitleFor(type: string | undefined): { title: string; types: string[]; catchAll: boolean } {
  const cat = type === undefined ? undefined : DEFAULT_CATEGORIES.find((c) => c.types.includes(type));
  return cat
    ? { title: cat.title, types: [...cat.types], catchAll: false }
    : { title: CATCH_ALL_TITLE, types: [], catchAll: true };
}
