/**
 * How a subject becomes an entry, learned: each entry matched to its commit is turned
 * into a template by finding the commit's parts in it (scope shape, capitals, hash, PR
 * link, closing references, the subject's first line or paragraph); the elements most
 * entries agree on win. Without matched entries, the text alone shows what it shows. Pure.
 */
import { type ParsedCommit, revertPairs } from "../commits.ts";
import { firstLine } from "./described.ts";
import { listedShas, type Match, matchEntries } from "./match.ts";
import type { Changelog, Section } from "./read.ts";
import { closesOf, linkIssues, typePrefixOf } from "./render.ts";
import { type ChangelogStyle, CLOSES_FORMS, type ClosesForm, type StyleSources, type SubjectForm } from "./style.ts";

export const GITHUB_BASE =
  /https?:\/\/(?:www\.)?github\.com\/[\w.-]+\/[\w.-]+?(?=\/(?:compare|commit|commits|issues|pull|releases|tree)\b)/;

export interface Learned {
  style: ChangelogStyle;
  sources: StyleSources;
}

/** A released section and the commits it was made from (newest first, release commits left out). */
export interface Example {
  section: Section;
  commits: readonly ParsedCommit[];
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const SCOPE_SHAPES = ["**{scope}:** ", "*({scope})* ", "**{scope}**: ", "({scope}) ", "{scope}: ", "[{scope}] "];

interface EntryShape {
  entry: string;
  scope: string | undefined;
  capitalize: boolean | undefined;
  subject: SubjectForm | undefined;
  closes: ClosesForm[] | undefined;
  issueLinks: boolean | undefined;
  shortShaLength: number | undefined;
  repoUrl: string | undefined;
}

// an entry ending in conventional-changelog-writer's commit link (git-cliff's configs end so too)
export const WRITER_ENTRY = /\(\[\{shortSha\}\]\(\{repoUrl\}\/commit\/\{sha\}\)\)$/;
// conventional-changelog-writer's entry exactly: `* {scope}{description} ([{shortSha}]({repoUrl}/commit/{sha}))`
const WRITER_ONLY = /^\* \{scope\}\{description\} \(\[\{shortSha\}\]\(\{repoUrl\}\/commit\/\{sha\}\)\)$/;

// conventional-changelog-writer's references: `, closes [#12](…/issues/12) [#14](…)` or `, closes #12`
const CLOSES = /, closes(?: (?:\[#\d+\]\([^)\s]*\)|#\d+))+$/;

/** The entry with the commit's hash, repository URL and closing references turned into placeholders. */
function withPlaceholders(m: Match): { t: string; closes?: ClosesForm[]; shortShaLength?: number; base?: string } {
  let t = m.line.trimEnd();
  const c = m.commit;
  // the forms that give the suffix the entry shows (all three agree for a commit naming no issue)
  let closes: ClosesForm[] | undefined;
  if (c.refs) {
    const shown = (CLOSES.exec(t)?.[0].match(/#\d+/g) ?? []).map((n) => n.slice(1)).join(" ");
    closes = CLOSES_FORMS.filter((f) => closesOf(f, c).join(" ") === shown);
    t = t.replace(CLOSES, "");
  }
  let shortShaLength: number | undefined;
  t = t.split(c.sha).join("{sha}");
  t = t.replace(/\b[0-9a-f]{7,39}\b/g, (h) => {
    if (!c.sha.startsWith(h)) return h;
    shortShaLength = h.length;
    return "{shortSha}";
  });
  const base = GITHUB_BASE.exec(t)?.[0];
  if (base) t = t.split(base).join("{repoUrl}");
  return { t, closes, shortShaLength, base };
}

interface Described {
  at: number;
  desc: string;
  issueLinks: boolean | undefined;
  capitalize: boolean | undefined;
  subject: SubjectForm | undefined;
}

/** Where the entry shows the commit's description: the whole first paragraph, else its first line. */
function locateDescription(t: string, c: ParsedCommit): Described | undefined {
  // the whole first paragraph first: its first line is in it too
  const forms: [SubjectForm, string][] = c.paragraph ? [["paragraph", c.paragraph]] : [];
  forms.push(["line", c.description]);
  for (const [form, text] of forms) {
    let desc = text;
    let issueLinks: boolean | undefined;
    let capitalize: boolean | undefined;
    if (/(^|[\s(])#\d+\b/.test(desc)) {
      const linked = linkIssues(desc, "{repoUrl}");
      issueLinks = t.includes(linked) || t.includes(capitalise(linked));
      if (issueLinks) desc = linked;
    }
    const cap = capitalise(desc);
    let at = cap !== desc && t.includes(cap) ? t.indexOf(cap) : -1;
    if (at !== -1) capitalize = true;
    else {
      at = t.indexOf(desc);
      if (at !== -1 && cap !== desc) capitalize = false;
    }
    // only a multi-line first paragraph tells the two forms apart
    if (at !== -1) return { at, desc, issueLinks, capitalize, subject: c.paragraph ? form : undefined };
  }
  return undefined;
}

/** Turn one entry into a template by finding its commit's parts in it. */
export function entryTemplate(m: Match): EntryShape | undefined {
  const c = m.commit;
  const { t, closes, shortShaLength, base } = withPlaceholders(m);
  const found = locateDescription(t, c);
  if (!found) return undefined;
  const { at, desc, issueLinks, capitalize, subject } = found;
  const before = t.slice(0, at);
  const after = t.slice(at + desc.length).replace(/\{description\}/g, "");
  const shape = { capitalize, subject, closes, issueLinks, shortShaLength, repoUrl: base?.replace(/\/$/, "") };
  // the subject as written, its `type(scope)!: ` kept (python-semantic-release's `* fix: x`)
  const header = typePrefixOf(c);
  if (header && before.endsWith(header))
    return {
      ...shape,
      entry: `${before.slice(0, before.length - header.length)}{typePrefix}{description}${after}`,
      scope: "",
    };
  let scope: string | undefined;
  let lead = before;
  if (c.scope) {
    scope = "";
    for (const s of SCOPE_SHAPES) {
      const shown = s.replace("{scope}", c.scope);
      if (before.endsWith(shown)) {
        scope = s;
        lead = before.slice(0, before.length - shown.length);
        break;
      }
    }
  }
  return { ...shape, entry: `${lead}{scope}{description}${after}`, scope };
}

/** A breaking change's entry up to its description, its scope taken out (`- [**breaking**] `). */
function breakingPrefix(m: Match): string | undefined {
  const c = m.commit;
  const t = m.line.trimEnd();
  let at = t.indexOf(c.description);
  if (at === -1) at = t.indexOf(capitalise(c.description));
  if (at === -1) return undefined;
  let before = t.slice(0, at);
  if (c.scope)
    for (const shape of SCOPE_SHAPES) {
      const shown = shape.replace("{scope}", c.scope);
      const i = before.indexOf(shown);
      if (i !== -1) {
        before = before.slice(0, i) + before.slice(i + shown.length);
        break;
      }
    }
  return before;
}

function textScopeShape(s: Section): string | undefined {
  for (const g of s.groups)
    for (const e of g.entries) {
      if (/^[-*+] \*\*[^*]+:\*\* /.test(e.raw)) return "**{scope}:** ";
      if (/^[-*+] \*\([^)]+\)\* /.test(e.raw)) return "*({scope})* ";
    }
  return undefined;
}

/**
 * Without commits to compare with, the entries' text shows the bullet, whether a hash
 * ends each entry, a scope shape, capitals. Even one entry is evidence of what it shows,
 * and of what it does not: no hash, no scope is shown, none is invented.
 */
export function textEntryShape(sections: readonly Section[]): Partial<ChangelogStyle> | undefined {
  const lines = sections.flatMap((s) => s.groups.flatMap((g) => g.entries.map((e) => firstLine(e.raw))));
  if (!lines.length) return undefined;
  const bullet = /^[-*+] /.test(lines[0]!) ? lines[0]!.slice(0, 2) : "- ";
  const hash = lines.every((l) => /\([0-9a-f]{7,}\)$/.test(l))
    ? " ({shortSha})"
    : lines.every((l) => /\(\[[0-9a-f]{7,}\]\([^)]*\)\)$/.test(l))
      ? " ([{shortSha}]({repoUrl}/commit/{sha}))"
      : "";
  const bodies = lines.map((l) =>
    l.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, "").replace(/^\*\*[^*]+:\*\* |^\*\([^)]+\)\* /, ""),
  );
  const letters = bodies.filter((b) => /^\p{L}/u.test(b));
  return {
    entry: `${bullet}{scope}{description}${hash}`,
    scope: sections.map(textScopeShape).find((x) => x !== undefined) ?? "",
    capitalize: letters.length ? letters.every((b) => !/^\p{Ll}/u.test(b)) : false,
  };
}

/** The entry shapes of the examples' matched entries, and what breaking changes' entries put before their description. */
function shapesOf(examples: readonly Example[]): { shapes: EntryShape[]; breakingPrefixes: string[] } {
  const shapes: EntryShape[] = [];
  const breakingPrefixes: string[] = [];
  for (const ex of examples)
    for (const [gi, ms] of matchEntries(ex.section, ex.commits)) {
      if (ex.section.groups[gi]?.title && /breaking/i.test(ex.section.groups[gi]!.title)) continue;
      for (const m of ms) {
        // a breaking change's entry may carry a marker (git-cliff's `[**breaking**] `): it shows
        // the marker, not the entry shape
        if (m.commit.breaking) {
          const p = breakingPrefix(m);
          if (p !== undefined) breakingPrefixes.push(p);
          continue;
        }
        const shape = entryTemplate(m);
        if (shape) shapes.push(shape);
      }
    }
  return { shapes, breakingPrefixes };
}

const mostCommon = <T>(values: readonly T[], tie: (a: T, b: T) => number = () => 0): T | undefined => {
  const count = (v: T) => values.filter((x) => x === v).length;
  return [...new Set(values)].sort((a, b) => count(b) - count(a) || tie(a, b))[0];
};

/**
 * Entries: the template of the entries matched to commits (the first that shows a scope
 * slot), the marker and scope shape most show, and the first matched entry that decides
 * each other element; without any matched entry, what the text shows.
 */
export function learnEntryShape(doc: Changelog, examples: readonly Example[], l: Learned): void {
  const { style, sources } = l;
  const { shapes, breakingPrefixes } = shapesOf(examples);
  if (!shapes.length) {
    const shape = textEntryShape(doc.sections.slice(0, 3));
    if (shape) {
      Object.assign(style, shape);
      sources.entry = sources.capitalize = sources.scope = "file";
    }
    return;
  }
  const pick = <K extends keyof EntryShape>(k: K) => shapes.find((s) => s[k] !== undefined)?.[k];
  style.entry = (shapes.find((s) => s.scope !== undefined) ?? shapes[0]!).entry;
  sources.entry = "file+commits";
  // what a breaking change's entry has between the entry's lead and its description, beyond the scope
  const lead = style.entry.slice(0, style.entry.indexOf("{scope}"));
  const marker = mostCommon(breakingPrefixes.filter((p) => p.startsWith(lead)).map((p) => p.slice(lead.length)));
  // Entries made from commits are the subjects as the project's tool writes them: a breaking
  // change's entry carries the marker its examples show, and none where they show no breaking
  // change (the BREAKING marker is for files whose entries are not made from commits).
  style.breakingMarker = marker ?? "";
  sources.breakingMarker = "file+commits";
  // the scope shape most entries show (a shown shape wins a tie over a hidden one)
  const scope = mostCommon(
    shapes.map((x) => x.scope).filter((x): x is string => x !== undefined),
    (a, b) => b.length - a.length,
  );
  if (scope !== undefined) {
    style.scope = scope;
    sources.scope = "file+commits";
  } else {
    // no matched commit had a scope: the shape the sections show (recent ones first), else none
    style.scope = doc.sections.map(textScopeShape).find((x) => x !== undefined) ?? "";
    sources.scope = "file";
  }
  for (const k of ["capitalize", "issueLinks", "shortShaLength", "repoUrl"] as const) {
    const v = pick(k);
    if (v !== undefined) {
      (style as unknown as Record<string, unknown>)[k] = v;
      sources[k] = "file+commits";
    }
  }
  if (pick("issueLinks") === undefined) style.issueLinks = false;
  learnWriterRules(examples, shapes, l);
}

/**
 * What conventional-changelog-writer's shape implies where the examples do not say: closing
 * references (the form most entries fit), reverted pairs (listed or left out with their
 * revert), and the subject's first line or whole first paragraph.
 */
function learnWriterRules(examples: readonly Example[], shapes: readonly EntryShape[], l: Learned): void {
  const { style, sources } = l;
  const writerShape = WRITER_ONLY.test(style.entry);
  const revertVotes = examples.flatMap((ex) => {
    const listed = listedShas(ex.section, ex.commits);
    return revertPairs(ex.commits).map(({ reverted }) => listed.has(reverted.sha));
  });
  if (revertVotes.length) {
    style.reverted = revertVotes.filter(Boolean).length * 2 >= revertVotes.length ? "keep" : "drop";
    sources.reverted = "file+commits";
  } else if (writerShape) {
    // conventional-changelog-writer's default (ignoreReverted)
    style.reverted = "drop";
    sources.reverted = "file";
  }
  // the form most entries fit; on a tie the simplest, except that conventional-changelog-writer's
  // entry shape (release-please, standard-version) always lists closing footers
  const closes = shapes.map((x) => x.closes).filter((x): x is ClosesForm[] => x !== undefined && x.length < 3);
  const prefer: ClosesForm[] = writerShape ? ["footers", "none", "body"] : [...CLOSES_FORMS];
  if (closes.length) {
    const fits = (f: ClosesForm) => closes.filter((x) => x.includes(f)).length;
    style.closes = prefer.sort((a, b) => fits(b) - fits(a))[0]!;
    sources.closes = "file+commits";
  } else if (writerShape) {
    style.closes = "footers";
    sources.closes = "file";
  }
  // entries of commits whose first paragraph spans lines: joined (git's %s) or first line; most win
  const forms = shapes.map((x) => x.subject).filter((x): x is SubjectForm => x !== undefined);
  if (forms.length) {
    const joined = forms.filter((f) => f === "paragraph").length;
    style.subject = joined * 2 > forms.length ? "paragraph" : "line";
    sources.subject = "file+commits";
  } else if (writerShape) {
    // conventional-commits-parser's header is the first line (release-please, standard-version)
    style.subject = "line";
    sources.subject = "file";
  }
}
