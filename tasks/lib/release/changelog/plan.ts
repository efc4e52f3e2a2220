/**
 * The CHANGELOG part of the plan, pure: the style (learned, then the config's keys on
 * top), the section (the one already in the file for this version, in whatever shape,
 * or a new one in the house style, the hand-written `[Unreleased]` entries merged in),
 * what happens to the file (insert the section, create the file, or nothing: the
 * section is there already, or the project keeps no CHANGELOG), the release notes from
 * that section, and which commits were left out and by which rule.
 */
import type { ParsedCommit } from "../commits.ts";
import type { ChangelogFacts } from "./facts.ts";
import { type LeftOut, releaseNotes, renderSection } from "./render.ts";
import {
  allSources,
  applyOverrides,
  type ChangelogStyle,
  defaultStyle,
  type StyleOverrides,
  type StyleSources,
} from "./style.ts";

export interface ChangelogPlanInput {
  facts: ChangelogFacts;
  overrides: StyleOverrides;
  /** false: ignore the file's style, use the default and the overrides only */
  infer: boolean;
  /** false: the project keeps no CHANGELOG; the section only feeds the release notes */
  keep?: boolean;
  version: string;
  tag: string;
  previousTag: string | undefined;
  repository: string | undefined;
  date: string;
  /** newest first, release commits already left out */
  commits: readonly ParsedCommit[];
  /** release commits left out of `commits` (release tooling's own) */
  releaseCommits: readonly { sha: string; subject: string }[];
}

/**
 * What the cut does to the file: insert the section; create the file (Keep a Changelog)
 * with it; nothing, since the section is there already (`existing`) or the project keeps
 * no CHANGELOG (`notes-only`: the section feeds the release notes only).
 */
export type ChangelogMode = "insert" | "create" | "existing" | "notes-only";

export interface ChangelogPlan {
  path: string;
  section: string;
  mode: ChangelogMode;
  /** the file already has this version's section: it is used as written, the file does not change */
  existing: boolean;
  /** the label the heading writes (`v1.2.0`) */
  label: string;
  notes: string;
  entries: number;
  leftOut: LeftOut[];
  /** the commits that have an entry of their own in the section */
  listed: string[];
  style: ChangelogStyle;
  sources: StyleSources;
}

export function planChangelog(i: ChangelogPlanInput): ChangelogPlan {
  const base = i.infer ? i.facts.inferred : { style: defaultStyle(), sources: allSources("default") };
  const { style, sources } = applyOverrides(base, i.overrides);
  const links = { repository: i.repository, tag: i.tag, previousTag: i.previousTag };
  const released: LeftOut[] = i.releaseCommits.map((c) => ({
    sha: c.sha,
    subject: c.subject,
    rule: "release-commit",
    reason: "release commit",
  }));
  const existing = i.facts.pending.find((s) => s.version === i.version);
  if (existing) {
    const entries = existing.text.split("\n").filter((l) => /^[-*+] /.test(l)).length;
    return {
      path: i.facts.path,
      section: existing.text,
      mode: "existing",
      existing: true,
      label: existing.label,
      notes: releaseNotes(existing.text, links, style.notesHeader),
      entries,
      leftOut: released,
      listed: [],
      style,
      sources,
    };
  }
  const r = renderSection(style, {
    ...links,
    version: i.version,
    date: i.date,
    commits: i.commits,
    handWritten: i.facts.handWritten,
  });
  const heading = r.section.slice(0, r.section.indexOf("\n"));
  return {
    path: i.facts.path,
    section: r.section,
    mode: i.keep === false ? "notes-only" : i.facts.exists ? "insert" : "create",
    existing: false,
    label: heading.includes(i.tag) ? i.tag : i.version,
    notes: releaseNotes(r.section, links, style.notesHeader),
    entries: r.entries,
    leftOut: [...released, ...r.leftOut],
    listed: r.listed,
    style,
    sources,
  };
}
