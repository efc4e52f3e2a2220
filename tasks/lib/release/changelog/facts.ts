/**
 * The CHANGELOG facts the planner and the checks need, as plain data: the versions
 * the file has (in any heading shape), the sections a cut may resume from, the
 * hand-written Unreleased notes, and the style learned from the newest sections and
 * their commits. Commits are read through the function the caller passes.
 */
import type { ParsedCommit } from "../commits.ts";
import { compare, isValid } from "../version.ts";
import { type Example, inferStyle } from "./infer.ts";
import { readChangelog, type Section, sectionText } from "./read.ts";
import type { HandWritten } from "./render.ts";
import { allSources, type ChangelogStyle, defaultStyle, type StyleSources } from "./style.ts";

export interface ChangelogFacts {
  path: string;
  exists: boolean;
  hasUnreleased: boolean;
  /** what is written under [Unreleased], trimmed ("" when nothing) */
  unreleasedNotes: string;
  /** the same, read: its lead, its categories as written, its entries */
  handWritten: HandWritten;
  /** every version with a section, file order */
  versions: string[];
  /** sections a cut may meet again (the last release's and newer), as written */
  pending: { version: string; label: string; text: string }[];
  /** the style learned from the file (before the config's overrides) */
  inferred: { style: ChangelogStyle; sources: StyleSources };
  /** the sections the style was learned from, with their commit ranges */
  examples: { version: string; range: string; commits: number }[];
}

export interface FactsInput {
  path: string;
  /** the file's text, null when it does not exist */
  text: string | null;
  tagPrefix: string;
  /** release tags, highest first */
  tags: readonly { tag: string; version: string }[];
  /** the last release's version (sections from it up are kept as written) */
  lastVersion: string | undefined;
  /** the version of HEAD's release commit, if HEAD is one */
  headVersion: string | undefined;
  /** commits in `from..to`, newest first, release commits left out; undefined when the range holds more than `cap` */
  commitsBetween: (from: string, to: string, cap: number) => Promise<ParsedCommit[] | undefined>;
  /** how many of the newest sections to learn from */
  maxExamples?: number;
}

const NOTHING_BY_HAND: HandWritten = { lead: "", groups: [], entries: [] };
const lf = (s: string) => s.replace(/\r\n/g, "\n");

export function noFile(path: string): ChangelogFacts {
  return {
    path,
    exists: false,
    hasUnreleased: false,
    unreleasedNotes: "",
    handWritten: NOTHING_BY_HAND,
    versions: [],
    pending: [],
    inferred: { style: defaultStyle(), sources: allSources("default") },
    examples: [],
  };
}

/** The most commits a section's range may hold and still be learned from: generous, since a section may list few. */
export function exampleCap(s: Section): number {
  const entries = s.groups.reduce((n, g) => n + g.entries.length, 0);
  return Math.max(300, 5 * entries);
}

export async function changelogFacts(i: FactsInput): Promise<ChangelogFacts> {
  if (i.text === null) return noFile(i.path);
  const doc = await readChangelog(i.text);
  const examples: Example[] = [];
  const ranges: ChangelogFacts["examples"] = [];
  for (const s of doc.sections.slice(0, 10)) {
    if (examples.length >= (i.maxExamples ?? 6)) break;
    const at = i.tags.findIndex((t) => t.version === s.version);
    const previous = i.tags[at + 1];
    if (at === -1 || !previous) continue;
    // A range far longer than its section is no worked example of it (after a rewritten history a
    // section's range can span a thousand commits its tags never shipped); reading only up to the
    // cap keeps the inspection fast, and such a range teaches nothing.
    const commits = await i.commitsBetween(previous.tag, i.tags[at]!.tag, exampleCap(s));
    if (!commits) continue;
    examples.push({ section: s, commits });
    ranges.push({ version: s.version, range: `${previous.tag}..${i.tags[at]!.tag}`, commits: commits.length });
  }
  const keep = (v: string) =>
    v === i.headVersion || i.lastVersion === undefined || (isValid(i.lastVersion) && compare(v, i.lastVersion) >= 0);
  return {
    path: i.path,
    exists: true,
    hasUnreleased: doc.unreleased !== undefined,
    unreleasedNotes: lf(doc.unreleased?.body ?? ""),
    handWritten: doc.unreleased
      ? {
          lead: lf(doc.unreleased.lead),
          groups: doc.unreleased.groups.map((g) => ({ title: g.title, heading: g.heading, body: lf(g.body) })),
          entries: doc.unreleased.entries.map(lf),
        }
      : NOTHING_BY_HAND,
    versions: doc.sections.map((s) => s.version),
    pending: doc.sections
      .filter((s) => keep(s.version))
      .map((s) => ({ version: s.version, label: s.label, text: sectionText(doc, s) })),
    inferred: inferStyle({ doc, examples, tagPrefix: i.tagPrefix }),
    examples: ranges,
  };
}
