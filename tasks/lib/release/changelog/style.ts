/**
 * A CHANGELOG's house style as data, and the Keep a Changelog default used when the
 * file has no released section to learn from. Templates use `{placeholders}`:
 * heading: {version} {tag} {previousTag} {date} ({yyyy} {mm} {dd}) {repoUrl}; entry: {scope}
 * {description} {typePrefix} (the subject's `type(scope)!: `) {sha} {shortSha} {repoUrl}; scope: {scope}.
 */

export interface CategoryStyle {
  title: string;
  /** conventional-commit types; `!` lists breaking changes */
  types: string[];
  /** unlisted types and non-conventional subjects go here */
  catchAll?: boolean;
}

export interface Gaps {
  /** blank lines after the version heading */
  heading: number;
  /** blank lines after a category title */
  title: number;
  /** blank lines between one category's entries and the next title */
  category: number;
  /** blank lines after the breaking-changes list (conventional-changelog writes one, not two) */
  breaking: number;
  /** blank lines between a section and the next heading */
  section: number;
}

export const ENTRY_ORDERS = ["oldest", "newest", "scope", "scoped-first-oldest", "scoped-first-newest"] as const;
export type EntryOrder = (typeof ENTRY_ORDERS)[number];

export const SUBJECT_FORMS = ["line", "paragraph"] as const;
export type SubjectForm = (typeof SUBJECT_FORMS)[number];

export const CLOSES_FORMS = ["none", "footers", "body"] as const;
export type ClosesForm = (typeof CLOSES_FORMS)[number];

export interface ChangelogStyle {
  heading: string;
  /** heading of patch releases, when the file writes them at another depth (conventional-changelog) */
  patchHeading: string | undefined;
  categories: CategoryStyle[];
  entry: string;
  /** how a scope is shown before the description; "" hides it */
  scope: string;
  /** before a breaking change's description, after its scope (git-cliff's `[**breaking**] `) */
  breakingMarker: string;
  capitalize: boolean;
  /**
   * A subject whose first paragraph spans several lines: its first line, or the whole
   * paragraph joined by spaces (git's `%s`, what scripts reading `git log --format=%s` list).
   */
  subject: SubjectForm;
  /**
   * `, closes [#12](…)` after an entry (conventional-changelog-writer): none, the commit's
   * closing footers (release-please), or every issue its body names (standard-version)
   */
  closes: ClosesForm;
  /** `type(scope)` pairs the file never lists though it lists the type (git-cliff's `chore(deps)` skip) */
  skip: string[];
  /**
   * Types the file proves it omits: their commits are in the examples' ranges and never in
   * the sections (`(untyped)`: commits that are not Conventional Commits)
   */
  omit: string[];
  /** a commit reverted within the same release: listed with its revert, or both left out (conventional-changelog) */
  reverted: "keep" | "drop";
  /** `(#12)` in a subject becomes `([#12]({repoUrl}/issues/12))` */
  issueLinks: boolean;
  shortShaLength: number;
  /** depth of the category titles (`###`) */
  titleDepth: number;
  /** oldest/newest first, or sorted by scope then description (conventional-changelog-writer) */
  order: EntryOrder;
  gaps: Gaps;
  /** the repository URL as the file writes it (`https://www.github.com/o/r`), if it writes one */
  repoUrl: string | undefined;
  /** first lines of the GitHub release notes (`## What's Changed`) */
  notesHeader: string | undefined;
}

export type StyleSource = "file" | "file+commits" | "config" | "default";
export type StyleSources = Record<keyof ChangelogStyle, StyleSource>;

/** What `omit` calls the commits that are not Conventional Commits. */
export const UNTYPED = "(untyped)";

/**
 * Keep a Changelog's categories in their order, each fed by the Conventional Commit
 * types that mean it. A type none of them takes goes to the catch-all the writer adds.
 */
export const DEFAULT_CATEGORIES: readonly CategoryStyle[] = [
  { title: "Added", types: ["feat"] },
  { title: "Changed", types: ["perf", "refactor", "revert"] },
  { title: "Deprecated", types: ["deprecate", "deprecated"] },
  { title: "Removed", types: ["remove", "removed"] },
  { title: "Fixed", types: ["fix"] },
  { title: "Security", types: ["security"] },
];

/** The catch-all the writer adds when a commit's type has no category and the file shows none. */
export const CATCH_ALL_TITLE = "Other";

/** Before a breaking change's description when the file shows no marker and no breaking-changes heading. */
export const BREAKING_MARKER = "**BREAKING:** ";

export function defaultStyle(): ChangelogStyle {
  return {
    heading: "## [{version}] - {date}",
    patchHeading: undefined,
    categories: DEFAULT_CATEGORIES.map((c) => ({ ...c, types: [...c.types] })),
    entry: "- {scope}{description} ({shortSha})",
    scope: "**{scope}:** ",
    breakingMarker: BREAKING_MARKER,
    capitalize: false,
    subject: "paragraph",
    closes: "none",
    skip: [],
    omit: [],
    reverted: "keep",
    issueLinks: false,
    shortShaLength: 7,
    titleDepth: 3,
    order: "oldest",
    gaps: { heading: 1, title: 1, category: 1, breaking: 1, section: 1 },
    repoUrl: undefined,
    notesHeader: undefined,
  };
}

export function allSources(source: StyleSource): StyleSources {
  const keys = Object.keys(defaultStyle()) as (keyof ChangelogStyle)[];
  return Object.fromEntries(keys.map((k) => [k, source])) as StyleSources;
}

/** What the config may override (every key optional). */
export interface StyleOverrides {
  heading?: string;
  patchHeading?: string;
  categories?: CategoryStyle[];
  entry?: string;
  scope?: string;
  breakingMarker?: string;
  capitalize?: boolean;
  subject?: SubjectForm;
  closes?: ClosesForm;
  skip?: string[];
  omit?: string[];
  reverted?: "keep" | "drop";
  issueLinks?: boolean;
  order?: EntryOrder;
  notesHeader?: string;
}

/** The inferred style with the config's keys on top; each key says where it came from. */
export function applyOverrides(
  inferred: { style: ChangelogStyle; sources: StyleSources },
  overrides: StyleOverrides,
): { style: ChangelogStyle; sources: StyleSources } {
  const style = { ...inferred.style, gaps: { ...inferred.style.gaps } };
  const sources = { ...inferred.sources };
  for (const [k, v] of Object.entries(overrides) as [keyof StyleOverrides, unknown][]) {
    if (v === undefined) continue;
    (style as Record<string, unknown>)[k] = v;
    sources[k] = "config";
  }
  // with a breaking-changes heading, breaking changes are listed there: their entries carry no
  // marker unless the file (or the config) shows one
  if (sources.breakingMarker === "default" && style.categories.some((c) => c.types.includes("!")))
    style.breakingMarker = "";
  return { style, sources };
}
