/**
 * House style, learned. The newest released sections and the commits each was made
 * from (the range between its tag and the previous one) are worked examples of the
 * project's own rules: an entry matched to its commit shows how a subject becomes an
 * entry (capitalised? scope shown how? hash or PR link?), which types feed which
 * category, which types the file never lists, and in which order entries are listed.
 * The text alone gives the heading template, the category titles and their order, and
 * the blank lines. Evidence decides only what it shows: the rest is the default. Pure.
 */
import type { ParsedCommit } from "../commits.ts";
import { isPatchVersion } from "../version.ts";
import { learnCategories } from "./infer-categories.ts";
import { type Example, GITHUB_BASE, type Learned, learnEntryShape, WRITER_ENTRY } from "./infer-entry.ts";
import { type Match, matchEntries } from "./match.ts";
import type { Changelog, Group, Section } from "./read.ts";
import { parseVersionHeading } from "./read.ts";
import { ordered } from "./render.ts";
import {
  allSources,
  type ChangelogStyle,
  defaultStyle,
  ENTRY_ORDERS,
  type EntryOrder,
  type StyleSources,
} from "./style.ts";

export type { Example } from "./infer-entry.ts";

export interface InferInput {
  doc: Changelog;
  /** newest first; may be empty (no tags, shallow clone) */
  examples: readonly Example[];
  tagPrefix: string;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Replace a tag only where it is the whole tag (v1.1.1 must not eat the front of v1.1.10). */
function replaceTag(s: string, tag: string, placeholder: string): string {
  return s.replace(new RegExp(`${escapeRe(tag)}(?![0-9A-Za-z-]|\\.\\d)`, "g"), placeholder);
}

function headingTemplate(s: Section, previous: Section | undefined, tagPrefix: string): string | undefined {
  const text = s.heading.replace(/^#+[ \t]*/, "");
  const p = parseVersionHeading(text);
  if (!p) return undefined;
  const hashes = s.heading.match(/^#+[ \t]*/)![0];
  const label = p.prefix === tagPrefix ? "{tag}" : `${p.prefix}{version}`;
  let url = p.url;
  if (url) {
    if (previous) url = replaceTag(url, tagPrefix + previous.version, "{previousTag}");
    url = replaceTag(url, tagPrefix + p.version, "{tag}");
    // a compare link from a tag that has no section of its own: its left side is still the previous tag
    url = url.replace(/(\/compare\/)([^/()\s]*\d[^/()\s]*?)(\.\.\.?\{tag\})/, "$1{previousTag}$3");
    url = url.replace(GITHUB_BASE, "{repoUrl}");
  }
  // a date written `2024/01/31` keeps its separator
  const sep = p.date?.charAt(4);
  const date = sep && sep !== "-" ? `{yyyy}${sep}{mm}${sep}{dd}` : "{date}";
  const rest = p.date ? p.rest.replace(p.date, date) : p.rest;
  const open = p.bracketed ? "[" : "";
  const close = p.bracketed ? "]" : "";
  return `${hashes}${p.lead}${open}${label}${close}${url ? `(${url})` : ""}${rest}`.trimEnd();
}

const blankLines = (text: string, from: number, to: number) =>
  from < to ? Math.max(0, (text.slice(from, to).match(/\n/g)?.length ?? 1) - 1) : 1;

/** The heading from the newest section; a patch heading when patch releases sit at another depth. */
function learnHeading(doc: Changelog, tagPrefix: string, l: Learned): void {
  const { style, sources } = l;
  const newest = doc.sections[0]!;
  const heading = headingTemplate(newest, doc.sections[1], tagPrefix);
  if (!heading) return;
  style.heading = heading;
  sources.heading = "file";
  const base = newest.url ? GITHUB_BASE.exec(newest.url)?.[0] : undefined;
  if (base) {
    style.repoUrl = base;
    sources.repoUrl = "file";
  }
  // conventional-changelog writes patch releases one level deeper (angular: minor at `#`)
  const other = doc.sections.slice(0, 40).find((s) => isPatchVersion(s.version) !== isPatchVersion(newest.version));
  if (other && other.depth !== newest.depth) {
    const reDepth = (tpl: string, depth: number) => tpl.replace(/^#+/, "#".repeat(depth));
    style.heading = reDepth(heading, isPatchVersion(newest.version) ? other.depth : newest.depth);
    style.patchHeading = reDepth(heading, isPatchVersion(newest.version) ? newest.depth : other.depth);
    sources.patchHeading = "file";
  }
}

/** The orders under which the matched entries appear as listed. */
function orderOf(matches: Match[], commits: readonly ParsedCommit[]): EntryOrder[] {
  if (matches.length < 2) return [...ENTRY_ORDERS];
  const listed = matches.map((m) => m.commit);
  const inRange = commits.filter((c) => listed.includes(c));
  return ENTRY_ORDERS.filter((o) => ordered(o, inRange).every((c, i) => c === listed[i]));
}

/** The entry order that fits the most categories of the examples; the simplest one on a tie. */
function learnOrder(examples: readonly Example[], l: Learned): void {
  const decided = examples
    .flatMap((ex) =>
      [...matchEntries(ex.section, ex.commits)]
        .filter(([gi]) => !isBreakingGroup(ex.section, gi))
        .map(([, ms]) => orderOf(ms, ex.commits)),
    )
    .filter((o) => o.length < ENTRY_ORDERS.length);
  if (!decided.length) return;
  const score = (o: EntryOrder) => decided.filter((d) => d.includes(o)).length;
  // conventional-changelog-writer (release-please, standard-version) sorts by scope, then subject
  const writer = WRITER_ENTRY.test(l.style.entry);
  const prefer: EntryOrder[] = writer ? ["scope", ...ENTRY_ORDERS.filter((o) => o !== "scope")] : [...ENTRY_ORDERS];
  l.style.order = prefer.sort((a, b) => score(b) - score(a))[0]!;
  l.sources.order = "file+commits";
}

const isBreakingGroup = (s: Section, gi: number) =>
  Boolean(s.groups[gi]?.title && /breaking/i.test(s.groups[gi]!.title));

/** The category titles' depth and the blank lines, from the text. */
function learnLayout(doc: Changelog, l: Learned): void {
  const titled = doc.sections
    .slice(0, 20)
    .flatMap((s) => s.groups)
    .find((g) => g.title);
  if (titled) {
    l.style.titleDepth = titled.depth;
    l.sources.titleDepth = "file";
  }
  l.style.gaps = gapsOf(doc);
  l.sources.gaps = "file";
}

export function inferStyle(input: InferInput): { style: ChangelogStyle; sources: StyleSources } {
  const learned: Learned = { style: defaultStyle(), sources: allSources("default") };
  const { doc, examples, tagPrefix } = input;
  if (!doc.sections[0]) return learned;
  learnHeading(doc, tagPrefix, learned);
  learnCategories(doc, examples, learned);
  learnEntryShape(doc, examples, learned);
  learnOrder(examples, learned);
  learnLayout(doc, learned);
  return learned;
}

function gapsOf(doc: Changelog): ChangelogStyle["gaps"] {
  const text = doc.text;
  const gaps = defaultStyle().gaps;
  const sections = doc.sections.slice(0, 20);
  const s = sections.find((x) => x.groups.some((g) => g.title));
  if (!s) return gaps;
  const first = s.groups.find((g) => g.title)!;
  gaps.heading = blankLines(text, s.headingEnd, first.start);
  if (first.entries[0]) gaps.title = blankLines(text, first.end, first.entries[0].start);
  const pairs = sections.flatMap((x) => {
    const gs = x.groups.filter((g) => g.title && g.entries.length);
    return gs.slice(1).map((b, i) => [gs[i]!, b] as const);
  });
  const gap = (a: Group, b: Group) => blankLines(text, a.entries[a.entries.length - 1]!.end, b.start);
  const plain = pairs.find(([a]) => !/breaking/i.test(a.title));
  const breaking = pairs.find(([a]) => /breaking/i.test(a.title));
  if (plain) gaps.category = gap(...plain);
  gaps.breaking = breaking ? gap(...breaking) : gaps.category;
  if (s.end > s.contentEnd) gaps.section = blankLines(text, s.contentEnd, s.end);
  return gaps;
}
