/**
 * The CHANGELOG part of the plan, pure: the style (learned, then the config's keys on
 * top), the section (the one already in the file for this version, in whatever shape,
 * or a new one in the house style), the release notes from that section, and which
 * commits were left out and why.
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

export interface ChangelogPlan {
  path: string;
  section: string;
  /** the file already has this version's section: it is used as written, the file does not change */
  existing: boolean;
  /** the label the heading writes (`v1.2.0`) */
  label: string;
  notes: string;
  entries: number;
  leftOut: LeftOut[];
  style: ChangelogStyle;
  sources: StyleSources;
}

export function planChangelog(i: ChangelogPlanInput): ChangelogPlan {
  const base = i.infer ? i.facts.inferred : { style: defaultStyle(), sources: allSources("default") };
  const { style, sources } = applyOverrides(base, i.overrides);
  const links = { repository: i.repository, tag: i.tag, previousTag: i.previousTag };
  const released = i.releaseCommits.map((c) => ({ sha: c.sha, subject: c.subject, reason: "release commit" }));
  const existing = i.facts.pending.find((s) => s.version === i.version);
  if (existing) {
    const entries = existing.text.split("\n").filter((l) => /^[-*+] /.test(l)).length;
    return {
      path: i.facts.path,
      section: existing.text,
      existing: true,
      label: existing.label,
      notes: releaseNotes(existing.text, links, style.notesHeader),
      entries,
      leftOut: released,
      style,
      sources,
    };
  }
  const r = renderSection(style, {
    ...links,
    version: i.version,
    date: i.date,
    commits: i.commits,
    manualNotes: i.facts.unreleasedNotes,
  });
  const heading = r.section.slice(0, r.section.indexOf("\n"));
  return {
    path: i.facts.path,
    section: r.section,
    existing: false,
    label: heading.includes(i.tag) ? i.tag : i.version,
    notes: releaseNotes(r.section, links, style.notesHeader),
    entries: r.entries,
    leftOut: [...released, ...r.leftOut],
    style,
    sources,
  };
}
