/**
 * Render a version's section in a given house style, and the GitHub release notes
 * from a section. Every commit goes to the first category that lists its type, else to
 * the file's catch-all, else to the category the defaults give it; nothing is left out
 * but by a rule the plan names (`LEFT_OUT_RULES`). Pure.
 */
import { isMergeSubject, type ParsedCommit, revertPairs } from "../commits.ts";
import { isPatchVersion } from "../version.ts";
import { describes, firstLine } from "./described.ts";
import { type ChangelogStyle, type ClosesForm, type EntryOrder, UNTYPED } from "./style.ts";
import { defaultTitleFor, rankOf, titleTypes, words } from "./titles.ts";

export interface LinkInput {
  repository: string | undefined;
  tag: string;
  previousTag: string | undefined;
}

export interface SectionInput extends LinkInput {
  version: string;
  /** YYYY-MM-DD */
  date: string;
  /** newest first, as git log gives them (release commits already left out) */
  commits: readonly ParsedCommit[];
  /** what is written by hand under [Unreleased]: it describes this version */
  handWritten?: HandWritten;
}

export interface LeftOut {
  sha: string;
  subject: string;
  rule: LeftOutRule;
  reason: string;
}

export interface RenderedSection {
  section: string;
  entries: number;
  leftOut: LeftOut[];
  /** the commits that have an entry (or a breaking-change note) of their own */
  listed: string[];
}

export function compareUrl(l: LinkInput): string | undefined {
  if (!l.repository) return undefined;
  const base = `https://github.com/${l.repository}`;
  return l.previousTag ? `${base}/compare/${l.previousTag}...${l.tag}` : `${base}/commits/${l.tag}`;
}

/** `#12` (not inside a link already) becomes `[#12](repo/issues/12)`, as conventional-changelog writes it. */
export function linkIssues(s: string, repoUrl: string): string {
  return s.replace(/(^|[\s(])#(\d+)\b/g, `$1[#$2](${repoUrl}/issues/$2)`);
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A conventional subject's `type(scope)!: ` as written ("" for a subject that is not one). */
export function typePrefixOf(c: ParsedCommit): string {
  if (c.type === undefined || !c.header.endsWith(c.description)) return "";
  return c.header.slice(0, c.header.length - c.description.length);
}

/** Fill `{key}` placeholders; a Markdown link that needs an unknown value is reduced to its text. */
export function fill(template: string, values: Record<string, string | undefined>): string {
  let t = template.replace(/\[([^\]]*)\]\(([^)]*)\)/g, (link, label: string, url: string) =>
    [...url.matchAll(/\{(\w+)\}/g)].some((m) => values[m[1]!] === undefined) ? label : link,
  );
  // a bare `(url)` after a label (headings: `[1.2.0](url)`) goes too
  t = t.replace(/\(([^()\s]*\{(\w+)\}[^()\s]*)\)/g, (all, _u, k: string) => (values[k] === undefined ? "" : all));
  return t.replace(/\{(\w+)\}/g, (all, k: string) => (k in values ? (values[k] ?? "") : all));
}

/** The file's own form of the repository URL (`www.`), unless the repository has moved since. */
export function repoUrlOf(style: ChangelogStyle, repository: string | undefined): string | undefined {
  const own = repository ? `https://github.com/${repository}` : undefined;
  if (!style.repoUrl) return own;
  if (own && !style.repoUrl.toLowerCase().endsWith(`/${repository!.toLowerCase()}`)) return own;
  return style.repoUrl;
}

export function renderHeading(style: ChangelogStyle, i: Omit<SectionInput, "commits">): string {
  const template = style.patchHeading && isPatchVersion(i.version) ? style.patchHeading : style.heading;
  const [yyyy, mm, dd] = i.date.split(/[-/.]/);
  return fill(template, {
    version: i.version,
    tag: i.tag,
    previousTag: i.previousTag,
    date: i.date,
    yyyy,
    mm,
    dd,
    repoUrl: repoUrlOf(style, i.repository),
  });
}

function renderEntry(
  style: ChangelogStyle,
  c: ParsedCommit,
  text: string,
  repoUrl: string | undefined,
  /** before the description (a breaking change's marker), or "note": a breaking-change note, no `closes` suffix */
  marker: string,
): string {
  const note = marker === "note";
  let d = text;
  if (style.issueLinks && repoUrl) d = linkIssues(d, repoUrl);
  if (style.capitalize) d = capitalise(d);
  const [first, ...more] = d.split("\n");
  const line = fill(style.entry, {
    scope: c.scope && style.scope ? style.scope.replace("{scope}", c.scope) : "",
    typePrefix: typePrefixOf(c),
    description: note ? first! : `${marker}${first!}`,
    sha: c.sha,
    shortSha: c.sha.slice(0, style.shortShaLength),
    repoUrl,
  });
  return [line + (note ? "" : closesSuffix(style, c, repoUrl)), ...more.map((l) => `  ${l}`.trimEnd())].join("\n");
}

/** conventional-changelog-writer's `, closes [#12](…/issues/12) [#14](…)`, when the style shows it. */
function closesSuffix(style: ChangelogStyle, c: ParsedCommit, repoUrl: string | undefined): string {
  const refs = closesOf(style.closes, c);
  if (!refs.length) return "";
  const ref = (n: string) => (repoUrl ? `[#${n}](${repoUrl}/issues/${n})` : `#${n}`);
  return `, closes ${refs.map(ref).join(" ")}`;
}

/** The issue numbers an entry lists after it, in the given form. */
export function closesOf(form: ClosesForm, c: ParsedCommit): string[] {
  return form === "none" ? [] : (c.refs?.[form] ?? []);
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Commits (newest first) in a category's order: as they happened, newest first, by
 * scope then description (conventional-changelog-writer's default), or scoped ones
 * first by scope, then the unscoped (git-cliff's templates), each in commit order.
 */
export function ordered(order: EntryOrder, commits: readonly ParsedCommit[]): ParsedCommit[] {
  if (order === "newest") return [...commits];
  const oldest = [...commits].reverse();
  if (order === "oldest") return oldest;
  if (order === "scope")
    return oldest.sort((a, b) => byText(a.scope ?? "", b.scope ?? "") || byText(a.description, b.description));
  const base = order === "scoped-first-newest" ? [...commits] : oldest;
  return [...base.filter((c) => c.scope).sort((a, b) => byText(a.scope!, b.scope!)), ...base.filter((c) => !c.scope)];
}

/** Why a commit is not an entry of its own: the rules a reader of the plan can see. */
export const LEFT_OUT_RULES = [
  "release-commit",
  "omitted-type",
  "omitted-scope",
  "reverted",
  "merge-subject",
  "described-by-hand",
] as const;
export type LeftOutRule = (typeof LEFT_OUT_RULES)[number];

interface Slot {
  title: string;
  types: string[];
  catchAll: boolean;
  /** added by the writer (a default heading), not the file's */
  added: boolean;
  lines: string[];
  /** the commits listed here (a breaking-changes heading lists their notes) */
  shas: string[];
}

/** The style's categories, and the ones the defaults add when a commit's type has none. */
class Slots {
  readonly list: Slot[];
  constructor(style: ChangelogStyle) {
    this.list = style.categories.map((c) => ({
      title: c.title,
      types: [...c.types],
      catchAll: Boolean(c.catchAll),
      added: false,
      lines: [],
      shas: [],
    }));
  }
  get breaking(): Slot | undefined {
    return this.list.find((s) => s.types.includes("!"));
  }
  /** The category a commit's entry goes under: its type's, the file's catch-all, else the defaults'. */
  of(c: ParsedCommit): Slot {
    const own = c.type === undefined ? undefined : this.list.find((s) => s.types.includes(c.type!));
    // the file's own catch-all takes every other type; the one the writer adds takes only what no default heading takes
    return own ?? this.list.find((s) => s.catchAll && !s.added) ?? this.add(defaultTitleFor(c.type));
  }
  private add(d: { title: string; types: string[]; catchAll: boolean }): Slot {
    const same = this.list.find((s) => words(s.title) === words(d.title));
    if (same) return same;
    const slot: Slot = { ...d, added: true, lines: [], shas: [] };
    const at = this.list.findIndex((s) => rankOf(s) > rankOf(d));
    this.list.splice(at === -1 ? this.list.length : at, 0, slot);
    return slot;
  }
}

export interface ListedEntries {
  /** each category with its entries, in the section's order (empty ones included) */
  categories: { title: string; breaking: boolean; lines: string[]; shas: string[] }[];
  entries: number;
  leftOut: LeftOut[];
}

const subjectOf = (c: ParsedCommit) => c.header;

/** The rule that leaves a commit out, if any, before it is placed (breaking changes are never left out here). */
function ruleFor(style: ChangelogStyle, c: ParsedCommit, hasBreakingTitle: boolean): LeftOut | undefined {
  if (c.type === undefined && isMergeSubject(c.header))
    return {
      sha: c.sha,
      subject: c.header,
      rule: "merge-subject",
      reason: "a merge's subject on a one-parent commit (it names branches, not a change)",
    };
  // a breaking change is always in the section: under the breaking heading, or as its own entry
  if (c.breaking && !hasBreakingTitle) return undefined;
  const key = c.type && c.scope ? `${c.type}(${c.scope})` : undefined;
  if (key && style.skip.includes(key))
    return {
      sha: c.sha,
      subject: c.header,
      rule: "omitted-scope",
      reason: `${key} commits are not listed in this file`,
    };
  const type = c.type ?? UNTYPED;
  if (style.omit.includes(type))
    return {
      sha: c.sha,
      subject: c.header,
      rule: "omitted-type",
      reason:
        type === UNTYPED
          ? "the file lists no commit that is not a Conventional Commit (its examples' ranges hold some)"
          : `the file lists no "${type}" commit (its examples' ranges hold some)`,
    };
  return undefined;
}

/** A change and its revert in the same release cancel out, where the style says so (never a breaking change). */
function cancelledPairs(style: ChangelogStyle, commits: readonly ParsedCommit[]): LeftOut[] {
  if (style.reverted !== "drop") return [];
  return revertPairs(commits)
    .filter(({ reverted, by }) => !reverted.breaking && !by.breaking)
    .flatMap(({ reverted, by }) => [
      {
        sha: reverted.sha,
        subject: reverted.header,
        rule: "reverted" as const,
        reason: `reverted by ${by.sha.slice(0, 7)}`,
      },
      { sha: by.sha, subject: by.header, rule: "reverted" as const, reason: `reverts ${reverted.sha.slice(0, 7)}` },
    ]);
}

/**
 * Every commit in a category, or left out by a rule the plan shows: release commits (left
 * out before), merge subjects, the `type(scope)` pairs and types the file proves it omits,
 * a change and its revert where the file drops both, and commits a hand-written entry
 * already describes. A type no category takes goes where the defaults put it.
 */
export function listEntries(
  style: ChangelogStyle,
  commits: readonly ParsedCommit[],
  repository?: string,
  handWritten: readonly string[] = [],
): ListedEntries {
  const repoUrl = repoUrlOf(style, repository);
  const slots = new Slots(style);
  const breakingTitle = slots.breaking;
  const leftOut = cancelledPairs(style, commits);
  const gone = new Set(leftOut.map((l) => l.sha));
  const list = ordered(
    style.order,
    commits.filter((c) => !gone.has(c.sha)),
  );
  for (const c of list) {
    const by = handWritten.find((e) => describes(e, c));
    if (by) {
      leftOut.push({
        sha: c.sha,
        subject: subjectOf(c),
        rule: "described-by-hand",
        reason: `described by the hand-written entry "${firstLine(by).trim()}"`,
      });
      continue;
    }
    const rule = ruleFor(style, c, breakingTitle !== undefined);
    if (rule?.rule === "merge-subject") {
      leftOut.push(rule);
      continue;
    }
    if (breakingTitle && c.breaking)
      for (const note of c.breakingNotes) {
        breakingTitle.lines.push(renderEntry(style, c, note, repoUrl, "note"));
        breakingTitle.shas.push(c.sha);
      }
    if (rule) {
      // a breaking change whose type the file omits is still under the breaking heading
      if (!(c.breaking && breakingTitle)) leftOut.push(rule);
      continue;
    }
    const slot = slots.of(c);
    const text = style.subject === "paragraph" && c.paragraph ? c.paragraph : c.description;
    slot.lines.push(renderEntry(style, c, text, repoUrl, c.breaking ? style.breakingMarker : ""));
    slot.shas.push(c.sha);
  }
  const categories = slots.list.map((s) => ({
    title: s.title,
    breaking: s.types.includes("!"),
    lines: s.lines,
    shas: s.shas,
  }));
  return { categories, entries: categories.reduce((n, c) => n + c.lines.length, 0), leftOut };
}

/** A hand-written `[Unreleased]`: its lead, its categories as written, its entries. */
export interface HandWritten {
  lead: string;
  groups: readonly { title: string; heading: string; body: string }[];
  entries: readonly string[];
}

interface Block {
  heading: string | undefined;
  body: string[];
  breaking: boolean;
}

const endsInList = (s: string) => /(^|\n)\s*(?:[-*+]|\d+[.)])\s[^\n]*(\n\s+\S[^\n]*)*$/.test(s);

/** Hand-written text, then generated entries, as one category's body. */
function joinBody(hand: string | undefined, lines: readonly string[]): string[] {
  const generated = lines.join("\n");
  if (!hand) return generated ? [generated] : [];
  if (!generated) return [hand];
  return endsInList(hand) ? [`${hand}\n${generated}`] : [hand, generated];
}

/**
 * The section's blocks: the hand-written lead, then each category once, in the style's
 * order, its hand-written text first; a hand-written category the style does not name
 * stands where Keep a Changelog's order puts it. A heading never appears twice.
 */
function blocks(style: ChangelogStyle, listed: ListedEntries, hand: HandWritten | undefined): Block[] {
  const title = "#".repeat(style.titleDepth);
  const handGroups = new Map<string, { heading: string; body: string[] }>();
  for (const g of hand?.groups ?? []) {
    const k = words(g.title);
    const known = handGroups.get(k);
    if (known) known.body.push(g.body);
    else handGroups.set(k, { heading: g.heading, body: [g.body] });
  }
  const out: (Block & { key: string; rank: number })[] = [];
  for (const c of listed.categories) {
    const key = words(c.title);
    const h = handGroups.get(key);
    if (!c.lines.length && !h) continue;
    handGroups.delete(key);
    const handBody = h?.body.filter(Boolean).join("\n\n");
    out.push({
      key,
      rank: rankOf(titleTypes(c.title)),
      heading: c.title ? (h?.heading ?? `${title} ${c.title}`) : undefined,
      body: joinBody(handBody, c.lines),
      breaking: c.breaking,
    });
  }
  for (const [key, h] of handGroups) {
    const rank = rankOf(titleTypes(h.heading.replace(/^#+\s*/, "")));
    const at = out.findIndex((b) => b.heading !== undefined && b.rank > rank);
    const block = {
      key,
      rank,
      heading: h.heading,
      body: [h.body.filter(Boolean).join("\n\n")].filter(Boolean),
      breaking: false,
    };
    out.splice(at === -1 ? out.length : at, 0, block);
  }
  // untitled entries (a flat list) come first, after the hand-written lead
  const flat = out.filter((b) => b.heading === undefined);
  const titled = out.filter((b) => b.heading !== undefined);
  const lead = hand?.lead ? [{ heading: undefined, body: [hand.lead], breaking: false }] : [];
  if (lead.length && flat.length) {
    const merged = joinBody(
      hand!.lead,
      flat.flatMap((b) => b.body),
    );
    return [{ heading: undefined, body: merged, breaking: false }, ...titled];
  }
  return [...lead, ...flat, ...titled];
}

/** The blocks as text, with the file's blank lines. */
function layout(style: ChangelogStyle, bs: readonly Block[]): string {
  const titleGap = "\n".repeat(style.gaps.title + 1);
  let body = "";
  let afterBreaking = false;
  for (const b of bs) {
    if (body) body += "\n".repeat((afterBreaking ? style.gaps.breaking : style.gaps.category) + 1);
    const content = b.body.join("\n\n");
    body += b.heading === undefined ? content : content ? `${b.heading}${titleGap}${content}` : b.heading;
    afterBreaking = b.breaking;
  }
  return body;
}

/** The category lists of a section (no heading). */
export function renderEntries(
  style: ChangelogStyle,
  commits: readonly ParsedCommit[],
  repository?: string,
  hand?: HandWritten,
): { body: string; entries: number; leftOut: LeftOut[]; listed: string[] } {
  const listed = listEntries(style, commits, repository, hand?.entries ?? []);
  return {
    body: layout(style, blocks(style, listed, hand)),
    entries: listed.entries,
    leftOut: listed.leftOut,
    listed: [...new Set(listed.categories.flatMap((c) => c.shas))],
  };
}

export const NO_CHANGES = "_No user-facing changes._";

/** A version's section: heading, then the categories (hand-written entries merged in); ends with one line break. */
export function renderSection(style: ChangelogStyle, input: SectionInput): RenderedSection {
  const { body, entries, leftOut, listed } = renderEntries(style, input.commits, input.repository, input.handWritten);
  const section = `${renderHeading(style, input)}${"\n".repeat(style.gaps.heading + 1)}${body || NO_CHANGES}\n`;
  return { section, entries, leftOut, listed };
}

/** GitHub release notes: the file's framing, the section's lists, the compare link. */
export function releaseNotes(section: string, l: LinkInput, notesHeader?: string): string {
  const body = section.replace(/\r\n/g, "\n").trimEnd().split("\n").slice(1).join("\n").trim();
  const url = compareUrl(l);
  const head = notesHeader ? `${notesHeader.trimEnd()}\n\n` : "";
  return `${head}${body}\n${url ? `\n**Full Changelog**: ${url}\n` : ""}`;
}
