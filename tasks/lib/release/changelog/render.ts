/**
 * Render a version's section in a given house style, and the GitHub release notes
 * from a section. Every commit goes to the first category that lists its type, or to
 * the catch-all; a commit that goes nowhere is reported, never silently dropped. Pure.
 */
import { isMergeSubject, type ParsedCommit, revertPairs } from "../commits.ts";
import type { ChangelogStyle, ClosesForm, EntryOrder } from "./style.ts";

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
  /** hand-written notes from under [Unreleased]: they describe this version */
  manualNotes?: string;
}

export interface LeftOut {
  sha: string;
  subject: string;
  reason: string;
}

export interface RenderedSection {
  section: string;
  entries: number;
  leftOut: LeftOut[];
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

const isPatch = (v: string) => !/^\d+\.\d+\.0(?:$|[-+])/.test(v);
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

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
  const template = style.patchHeading && isPatch(i.version) ? style.patchHeading : style.heading;
  return fill(template, {
    version: i.version,
    tag: i.tag,
    previousTag: i.previousTag,
    date: i.date,
    repoUrl: repoUrlOf(style, i.repository),
  });
}

function renderEntry(
  style: ChangelogStyle,
  c: ParsedCommit,
  text: string,
  repoUrl: string | undefined,
  /** a breaking-change note: no `closes` suffix */
  note = false,
): string {
  let d = text;
  if (style.issueLinks && repoUrl) d = linkIssues(d, repoUrl);
  if (style.capitalize) d = capitalise(d);
  const [first, ...more] = d.split("\n");
  const line = fill(style.entry, {
    scope: c.scope && style.scope ? style.scope.replace("{scope}", c.scope) : "",
    description: c.breaking && !note ? `${style.breakingMarker}${first!}` : first!,
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

/** The category lists of a section (no heading). */
export function renderEntries(
  style: ChangelogStyle,
  commits: readonly ParsedCommit[],
  repository?: string,
): { body: string; entries: number; leftOut: LeftOut[] } {
  const repoUrl = repoUrlOf(style, repository);
  const lists = style.categories.map(() => [] as string[]);
  const leftOut: LeftOut[] = [];
  const catchAll = style.categories.findIndex((c) => c.catchAll);
  // a change and its revert in the same release cancel out, where the style says so (and the plan says which)
  const cancelled = new Set<string>();
  if (style.reverted === "drop")
    for (const { reverted, by } of revertPairs(commits)) {
      cancelled.add(reverted.sha).add(by.sha);
      leftOut.push({ sha: reverted.sha, subject: reverted.header, reason: `reverted by ${by.sha.slice(0, 7)}` });
      leftOut.push({ sha: by.sha, subject: by.header, reason: `reverts ${reverted.sha.slice(0, 7)}` });
    }
  const list = ordered(
    style.order,
    commits.filter((c) => !cancelled.has(c.sha)),
  );
  style.categories.forEach((cat, i) => {
    if (!cat.types.includes("!")) return;
    for (const c of list)
      for (const note of c.breakingNotes) lists[i]!.push(renderEntry(style, c, note, repoUrl, true));
  });
  for (const c of list) {
    const key = c.type && c.scope ? `${c.type}(${c.scope})` : undefined;
    if (key && style.skip.includes(key)) {
      leftOut.push({ sha: c.sha, subject: c.header, reason: `${key} commits are not listed in this file` });
      continue;
    }
    if (c.type === undefined && isMergeSubject(c.header)) {
      leftOut.push({
        sha: c.sha,
        subject: c.header,
        reason: "a merge's subject on a one-parent commit (it names branches)",
      });
      continue;
    }
    const i = style.categories.findIndex((cat) => c.type !== undefined && cat.types.includes(c.type));
    const at = i !== -1 ? i : catchAll;
    const text = style.subject === "paragraph" && c.paragraph ? c.paragraph : c.description;
    if (at !== -1) lists[at]!.push(renderEntry(style, c, text, repoUrl));
    else if (!(c.breaking && style.categories.some((cat) => cat.types.includes("!"))))
      leftOut.push({
        sha: c.sha,
        subject: c.type ? `${c.type}${c.scope ? `(${c.scope})` : ""}: ${c.description}` : c.description,
        reason:
          c.type === undefined
            ? "not a Conventional Commit, and no catch-all category"
            : `type "${c.type}" is in no category, and no catch-all category`,
      });
  }
  const title = "#".repeat(style.titleDepth);
  const titleGap = "\n".repeat(style.gaps.title + 1);
  let body = "";
  let afterBreaking = false;
  style.categories.forEach((cat, i) => {
    if (!lists[i]!.length) return;
    if (body) body += "\n".repeat((afterBreaking ? style.gaps.breaking : style.gaps.category) + 1);
    body += `${title} ${cat.title}${titleGap}${lists[i]!.join("\n")}`;
    afterBreaking = cat.types.includes("!");
  });
  return {
    body,
    entries: lists.reduce((n, l) => n + l.length, 0),
    leftOut,
  };
}

export const NO_CHANGES = "_No user-facing changes._";

/** A version's section: heading, hand-written notes, then the categories; ends with one line break. */
export function renderSection(style: ChangelogStyle, input: SectionInput): RenderedSection {
  const { body, entries, leftOut } = renderEntries(style, input.commits, input.repository);
  const manual = input.manualNotes?.trim();
  const parts = [manual, body].filter(Boolean).join("\n\n") || NO_CHANGES;
  const section = `${renderHeading(style, input)}${"\n".repeat(style.gaps.heading + 1)}${parts}\n`;
  return { section, entries, leftOut };
}

/** GitHub release notes: the file's framing, the section's lists, the compare link. */
export function releaseNotes(section: string, l: LinkInput, notesHeader?: string): string {
  const body = section.replace(/\r\n/g, "\n").trimEnd().split("\n").slice(1).join("\n").trim();
  const url = compareUrl(l);
  const head = notesHeader ? `${notesHeader.trimEnd()}\n\n` : "";
  return `${head}${body}\n${url ? `\n**Full Changelog**: ${url}\n` : ""}`;
}
