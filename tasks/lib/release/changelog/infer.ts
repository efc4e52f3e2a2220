/**
 * House style, learned. The newest released sections and the commits each was made
 * from (the range between its tag and the previous one) are worked examples of the
 * project's own rules: an entry matched to its commit shows how a subject becomes an
 * entry (capitalised? scope shown how? hash or PR link?), which types feed which
 * category, and in which order entries are listed. The text alone gives the heading
 * template, the category titles and their order, and the blank lines. Pure.
 */
import { type ParsedCommit, revertPairs } from "../commits.ts";
import type { Changelog, Entry, Group, Section } from "./read.ts";
import { parseVersionHeading } from "./read.ts";
import { closesOf, linkIssues, ordered } from "./render.ts";
import {
  allSources,
  CLOSES_FORMS,
  type ClosesForm,
  ENTRY_ORDERS,
  type CategoryStyle,
  type ChangelogStyle,
  defaultStyle,
  type EntryOrder,
  type StyleSources,
  type SubjectForm,
} from "./style.ts";

/** A released section and the commits it was made from (newest first, release commits left out). */
export interface Example {
  section: Section;
  commits: readonly ParsedCommit[];
}

export interface InferInput {
  doc: Changelog;
  /** newest first; may be empty (no tags, shallow clone) */
  examples: readonly Example[];
  tagPrefix: string;
}

// Category titles of the real tools (Keep a Changelog, conventional-changelog, release-please,
// git-cliff's default and emoji configs, Niamoto's script), normalised to lower-case words.
const TITLE_TYPES: [RegExp, string[]][] = [
  [/breaking/, ["!"]],
  [/^(features?|added|new features?|enhancements?)$/, ["feat"]],
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
];
const USER_FACING = ["!", "feat", "fix", "perf", "revert", "refactor", "docs", "security"];
const CATCH_ALL = /^(others?|other changes|misc(ellaneous)?|changes|uncategori[sz]ed)$/;

const words = (title: string) =>
  title
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N} ]/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();

function titleTypes(title: string): { types: string[]; catchAll: boolean } {
  const w = words(title);
  if (CATCH_ALL.test(w)) return { types: [], catchAll: true };
  for (const [re, types] of TITLE_TYPES) if (re.test(w)) return { types: [...types], catchAll: false };
  // `### deps`: a custom type used as its own title
  return { types: /^[a-z][\w-]*$/.test(w) ? [w] : [], catchAll: false };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const GITHUB_BASE =
  /https?:\/\/(?:www\.)?github\.com\/[\w.-]+\/[\w.-]+?(?=\/(?:compare|commit|commits|issues|pull|releases|tree)\b)/;

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
    // a compare link from a tag with no section of its own (release-please-action's 3.7.12 section
    // compares from v3.7.11, which has none): the left side is still the previous tag
    url = url.replace(/(\/compare\/)([^/()\s]*\d[^/()\s]*?)(\.\.\.?\{tag\})/, "$1{previousTag}$3");
    url = url.replace(GITHUB_BASE, "{repoUrl}");
  }
  const rest = p.date ? p.rest.replace(p.date, "{date}") : p.rest;
  const open = p.bracketed ? "[" : "";
  const close = p.bracketed ? "]" : "";
  return `${hashes}${open}${label}${close}${url ? `(${url})` : ""}${rest}`.trimEnd();
}

const isPatch = (v: string) => !/^\d+\.\d+\.0(?:$|[-+])/.test(v);

const blankLines = (text: string, from: number, to: number) =>
  from < to ? Math.max(0, (text.slice(from, to).match(/\n/g)?.length ?? 1) - 1) : 1;

/** Text for matching an entry to a commit: links reduced to their text, markup and refs dropped. */
function norm(s: string): string {
  return s
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\(#\d+\)|\b[0-9a-f]{7,40}\b/g, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .toLowerCase();
}

interface Match {
  entry: Entry;
  commit: ParsedCommit;
  line: string;
}

const firstLine = (raw: string) => raw.split(/\r?\n/)[0]!;

const matched = new WeakMap<Section, { commits: readonly ParsedCommit[]; byGroup: Map<number, Match[]> }>();

/** Entries matched to their commits, once per section (the inference asks three times). */
function matchEntries(section: Section, commits: readonly ParsedCommit[]): Map<number, Match[]> {
  const memo = matched.get(section);
  if (memo?.commits === commits) return memo.byGroup;
  const byGroup = matchEntriesOnce(section, commits);
  matched.set(section, { commits, byGroup });
  return byGroup;
}

function matchEntriesOnce(section: Section, commits: readonly ParsedCommit[]): Map<number, Match[]> {
  const byGroup = new Map<number, Match[]>();
  const used = new Set<string>();
  // Each commit normalised once, exact texts looked up in an index: Niamoto's v0.20.0 lists
  // 1,073 entries made from 1,137 commits, and a scan per entry would be quadratic.
  const normed = commits.map((c) => ({
    c,
    // git's %s form first, where the first paragraph spans lines (Niamoto's script lists it)
    paragraph: c.paragraph !== undefined ? norm(c.paragraph) : undefined,
    description: norm(c.description),
    scoped: norm(`${c.scope ?? ""} ${c.description}`),
  }));
  const index = (key: "paragraph" | "description" | "scoped") => {
    const m = new Map<string, ParsedCommit[]>();
    for (const x of normed) {
      const k = x[key];
      if (k !== undefined) m.set(k, [...(m.get(k) ?? []), x.c]);
    }
    return m;
  };
  const byParagraph = index("paragraph");
  const byDescription = index("description");
  const byScoped = index("scoped");
  const firstUnused = (list: ParsedCommit[] | undefined) => list?.find((c) => !used.has(c.sha));
  section.groups.forEach((g, gi) => {
    const matches: Match[] = [];
    for (const entry of g.entries) {
      const line = firstLine(entry.raw);
      const hexes = line.match(/\b[0-9a-f]{7,40}\b/g) ?? [];
      let commit = hexes.length
        ? commits.find((c) => !used.has(c.sha) && hexes.some((h) => c.sha.startsWith(h)))
        : undefined;
      if (!commit) {
        const n = norm(line.replace(/^\s*[-*+]\s+/, ""));
        commit =
          firstUnused(byParagraph.get(n)) ??
          firstUnused(byDescription.get(n)) ??
          firstUnused(byScoped.get(n)) ??
          normed.find((x) => !used.has(x.c.sha) && x.description.length > 8 && n.includes(x.description))?.c;
      }
      if (!commit) continue;
      used.add(commit.sha);
      matches.push({ entry, commit, line });
    }
    byGroup.set(gi, matches);
  });
  return byGroup;
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

/** Turn one entry into a template by finding its commit's parts in it. */
// an entry ending in conventional-changelog-writer's commit link (git-cliff's configs end so too)
const WRITER_ENTRY = /\(\[\{shortSha\}\]\(\{repoUrl\}\/commit\/\{sha\}\)\)$/;
// conventional-changelog-writer's entry exactly: `* {scope}{description} ([{shortSha}]({repoUrl}/commit/{sha}))`
const WRITER_ONLY = /^\* \{scope\}\{description\} \(\[\{shortSha\}\]\(\{repoUrl\}\/commit\/\{sha\}\)\)$/;

// conventional-changelog-writer's references: `, closes [#12](…/issues/12) [#14](…)` or `, closes #12`
const CLOSES = /, closes(?: (?:\[#\d+\]\([^)\s]*\)|#\d+))+$/;

function entryTemplate(m: Match): EntryShape | undefined {
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
  // the whole first paragraph first: its first line is in it too
  const forms: [SubjectForm, string][] = c.paragraph ? [["paragraph", c.paragraph]] : [];
  forms.push(["line", c.description]);
  let desc = "";
  let issueLinks: boolean | undefined;
  let capitalize: boolean | undefined;
  let subject: SubjectForm | undefined;
  let at = -1;
  for (const [form, text] of forms) {
    desc = text;
    issueLinks = undefined;
    capitalize = undefined;
    if (/(^|[\s(])#\d+\b/.test(desc)) {
      const linked = linkIssues(desc, "{repoUrl}");
      if (t.includes(linked) || t.includes(capitalise(linked))) {
        issueLinks = true;
        desc = linked;
      } else issueLinks = false;
    }
    const cap = capitalise(desc);
    at = cap !== desc && t.includes(cap) ? t.indexOf(cap) : -1;
    if (at !== -1) capitalize = true;
    else {
      at = t.indexOf(desc);
      if (at !== -1 && cap !== desc) capitalize = false;
    }
    if (at !== -1) {
      // only a multi-line first paragraph tells the two forms apart
      if (c.paragraph) subject = form;
      break;
    }
  }
  if (at === -1) return undefined;
  const before = t.slice(0, at);
  const after = t.slice(at + desc.length);
  let scope: string | undefined;
  let lead = before;
  if (c.scope) {
    scope = "";
    for (const shape of SCOPE_SHAPES) {
      const shown = shape.replace("{scope}", c.scope);
      if (before.endsWith(shown)) {
        scope = shape;
        lead = before.slice(0, before.length - shown.length);
        break;
      }
    }
  }
  return {
    entry: `${lead}{scope}{description}${after.replace(/\{description\}/g, "")}`,
    scope,
    capitalize,
    subject,
    closes,
    issueLinks,
    shortShaLength,
    repoUrl: base?.replace(/\/$/, ""),
  };
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

/** The orders under which the matched entries appear as listed. */
function orderOf(matches: Match[], commits: readonly ParsedCommit[]): EntryOrder[] {
  if (matches.length < 2) return [...ENTRY_ORDERS];
  const listed = matches.map((m) => m.commit);
  const inRange = commits.filter((c) => listed.includes(c));
  return ENTRY_ORDERS.filter((o) => ordered(o, inRange).every((c, i) => c === listed[i]));
}

/**
 * Category titles over the newest sections, in the order they use them: every section
 * says "A comes before B" for its titles; in the recent window the newest section wins a
 * disagreement (a project that changed tools keeps old titles far down). A pair the recent
 * window never shows together is left to the older sections, by majority (one section out
 * of line, e.g. written by hand or by an earlier script, does not outvote the rest; the
 * newest wins a tie); only then the usual order decides.
 */
function categoryOrder(
  recentSections: readonly Section[],
  olderSections: readonly Section[],
  keep: (title: string) => boolean,
): string[] {
  const seen: string[] = [];
  const after = new Map<string, Set<string>>();
  const reaches = (from: string, to: string, visited = new Set<string>()): boolean => {
    if (from === to) return true;
    visited.add(from);
    for (const n of after.get(from) ?? []) if (!visited.has(n) && reaches(n, to, visited)) return true;
    return false;
  };
  const edge = (a: string, b: string) => {
    if (!after.has(a)) after.set(a, new Set());
    after.get(a)!.add(b);
  };
  const pairs = (s: Section) => {
    const titles = s.groups.map((g) => g.title).filter((t) => t && keep(t));
    const out: [string, string][] = [];
    for (let i = 0; i < titles.length; i++)
      for (let j = i + 1; j < titles.length; j++) if (titles[i] !== titles[j]) out.push([titles[i]!, titles[j]!]);
    return { titles, out };
  };
  for (const s of recentSections) {
    const { titles, out } = pairs(s);
    for (const t of titles) if (!seen.includes(t)) seen.push(t);
    for (const [a, b] of out) if (!reaches(b, a)) edge(a, b);
  }
  // older sections: votes per pair, newest first, for the pairs the recent window leaves open
  const votes = new Map<string, { a: string; b: string; ab: number; ba: number; first: number }>();
  for (const s of olderSections) {
    const { titles, out } = pairs(s);
    for (const t of titles) if (!seen.includes(t)) seen.push(t);
    for (const [a, b] of out) {
      const [x, y] = a < b ? [a, b] : [b, a];
      const key = `${x}\u0000${y}`;
      // `first`: the order of the newest section showing the pair, which breaks a tie
      const v = votes.get(key) ?? { a: x, b: y, ab: 0, ba: 0, first: a === x ? 1 : -1 };
      if (a === x) v.ab++;
      else v.ba++;
      votes.set(key, v);
    }
  }
  // the clearest majorities first, so a doubtful pair cannot block a clear one
  const ranked = [...votes.values()].sort((p, q) => Math.abs(q.ab - q.ba) - Math.abs(p.ab - p.ba));
  for (const v of ranked) {
    if (reaches(v.a, v.b) || reaches(v.b, v.a)) continue;
    const forward = v.ab > v.ba || (v.ab === v.ba && v.first === 1);
    if (forward) edge(v.a, v.b);
    else edge(v.b, v.a);
  }
  // Where the sections do not say, the usual order: breaking, features, fixes, ..., the catch-all last.
  const RANK = ["!", "feat", "fix", "perf", "revert", "refactor", "docs"];
  const rank = (t: string) => {
    const { types, catchAll } = titleTypes(t);
    const r = types.length ? RANK.indexOf(types[0]!) : -1;
    return catchAll ? 100 : r === -1 ? 50 : r;
  };
  const byRank = [...seen].sort((a, b) => rank(a) - rank(b) || seen.indexOf(a) - seen.indexOf(b));
  const order: string[] = [];
  const left = new Set(seen);
  while (left.size) {
    const next = byRank.find((t) => left.has(t) && ![...left].some((o) => o !== t && after.get(o)?.has(t)))!;
    order.push(next);
    left.delete(next);
  }
  return order;
}

export function inferStyle(input: InferInput): { style: ChangelogStyle; sources: StyleSources } {
  const style = defaultStyle();
  const sources = allSources("default");
  const { doc, examples, tagPrefix } = input;
  const newest = doc.sections[0];
  if (!newest) return { style, sources };
  const heading = headingTemplate(newest, doc.sections[1], tagPrefix);
  if (heading) {
    style.heading = heading;
    sources.heading = "file";
    const base = newest.url ? GITHUB_BASE.exec(newest.url)?.[0] : undefined;
    if (base) {
      style.repoUrl = base;
      sources.repoUrl = "file";
    }
  }
  // conventional-changelog writes patch releases one level deeper (angular: minor at `#`)
  const other = doc.sections.slice(0, 40).find((s) => isPatch(s.version) !== isPatch(newest.version));
  if (other && other.depth !== newest.depth && heading) {
    const reDepth = (tpl: string, depth: number) => tpl.replace(/^#+/, "#".repeat(depth));
    style.heading = reDepth(heading, isPatch(newest.version) ? other.depth : newest.depth);
    style.patchHeading = reDepth(heading, isPatch(newest.version) ? newest.depth : other.depth);
    sources.patchHeading = "file";
  }

  // Categories: titles and order from the text; types from the titles, then from the commits.
  const windowed = doc.sections.slice(0, 12);
  const recent = new Set(windowed.flatMap((x) => x.groups.map((g) => g.title)).filter(Boolean));
  const olderWindow = doc.sections.slice(12, 30);
  let titles = categoryOrder(windowed, olderWindow, (t) => recent.has(t));
  if (titles.length) {
    const cats: CategoryStyle[] = titles.map((title) => ({ title, ...titleTypes(title) }));
    // Votes: which title each type's commits were listed under; the most votes win (newest on a tie).
    const votes = new Map<string, Map<string, number>>();
    examples.forEach((ex, age) => {
      const matches = matchEntries(ex.section, ex.commits);
      ex.section.groups.forEach((g, gi) => {
        const cat = cats.find((c) => c.title === g.title);
        if (!cat || cat.types.includes("!")) return;
        for (const m of matches.get(gi) ?? []) {
          if (m.commit.type === undefined) {
            cat.catchAll = true;
            continue;
          }
          // `feat(docs):` under Documentation is explained by its scope, not its type
          if (m.commit.scope && titleTypes(cat.title).types.includes(m.commit.scope)) continue;
          const v = votes.get(m.commit.type) ?? new Map<string, number>();
          v.set(cat.title, (v.get(cat.title) ?? 0) + 1 + 0.1 / (age + 1));
          votes.set(m.commit.type, v);
        }
      });
    });
    for (const [type, v] of votes) {
      const winner = [...v].sort((a, b) => b[1] - a[1])[0]![0];
      for (const c of cats) c.types = c.types.filter((t) => t !== type);
      const cat = cats.find((c) => c.title === winner)!;
      if (!cat.catchAll) cat.types.push(type);
    }
    const learned = votes.size > 0;
    // types whose commits were in a range but in no entry: the project hides them
    const hidden = new Set<string>();
    for (const ex of examples) {
      const listed = new Set([...matchEntries(ex.section, ex.commits).values()].flat().map((m) => m.commit.sha));
      for (const c of ex.commits) if (c.type && !listed.has(c.sha) && !votes.has(c.type)) hidden.add(c.type);
    }
    // a scope of a listed type whose commits the examples never list, with different subjects (git-cliff's
    // `chore(deps)` skip; the same subject again, `chore(npm): update yarn.lock`, is a rule on the message)
    const byScope = new Map<string, { listed: number; not: Set<string> }>();
    for (const ex of examples) {
      const listed = new Set([...matchEntries(ex.section, ex.commits).values()].flat().map((m) => m.commit.sha));
      for (const c of ex.commits) {
        if (!c.type || !c.scope || c.breaking) continue;
        const k = `${c.type}(${c.scope})`;
        const n = byScope.get(k) ?? { listed: 0, not: new Set<string>() };
        if (listed.has(c.sha)) n.listed++;
        else n.not.add(c.description.toLowerCase());
        byScope.set(k, n);
      }
    }
    const skip = [...byScope]
      .filter(([k, n]) => n.listed === 0 && n.not.size >= 2 && votes.has(k.slice(0, k.indexOf("("))))
      .map(([k]) => k)
      .sort();
    if (skip.length) {
      style.skip = skip;
      sources.skip = "file+commits";
    }
    // a type a title would take but the examples never list stays out (`doc:` in a file that hides it)
    for (const c of cats) c.types = c.types.filter((t) => t === "!" || !hidden.has(t));
    // Older sections: a title for a type no recent title takes (Performance used once a year)
    // comes back, in the place the older sections give it.
    const claimed = new Set([...cats.flatMap((c) => c.types), ...votes.keys(), ...hidden]);
    const older = new Map<string, CategoryStyle>();
    for (const x of olderWindow)
      for (const g of x.groups) {
        const t = g.title ? titleTypes(g.title) : undefined;
        // only user-facing kinds come back; chores, tests, CI go where the recent sections put them
        if (!t || recent.has(g.title) || older.has(g.title) || t.catchAll || !t.types.length) continue;
        if (!t.types.every((ty) => USER_FACING.includes(ty))) continue;
        if (t.types.some((ty) => claimed.has(ty))) continue;
        older.set(g.title, { title: g.title, ...t });
        for (const ty of t.types) claimed.add(ty);
      }
    if (older.size) {
      titles = categoryOrder(windowed, olderWindow, (t) => recent.has(t) || older.has(t));
      const all = [...cats, ...older.values()];
      cats.splice(0, cats.length, ...titles.map((t) => all.find((c) => c.title === t)!));
    }
    style.categories = cats.map((c) => (c.catchAll ? { ...c, catchAll: true } : { title: c.title, types: c.types }));
    sources.categories = learned ? "file+commits" : "file";
  }

  // Entries: the first matched entry of each kind decides each element.
  const shapes: EntryShape[] = [];
  const breakingPrefixes: string[] = [];
  const orders: EntryOrder[][] = [];
  for (const ex of examples) {
    const matches = matchEntries(ex.section, ex.commits);
    for (const [gi, ms] of matches) {
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
      orders.push(orderOf(ms, ex.commits));
    }
  }
  const pick = <K extends keyof EntryShape>(k: K) => shapes.find((s) => s[k] !== undefined)?.[k];
  if (shapes.length) {
    const withScopeSlot = shapes.find((s) => s.scope !== undefined) ?? shapes[0]!;
    style.entry = withScopeSlot.entry;
    sources.entry = "file+commits";
    // what a breaking change's entry has between the entry's lead and its description, beyond the scope
    const lead = style.entry.slice(0, style.entry.indexOf("{scope}"));
    const markers = breakingPrefixes.filter((p) => p.startsWith(lead)).map((p) => p.slice(lead.length));
    if (markers.length) {
      const count = (v: string) => markers.filter((x) => x === v).length;
      style.breakingMarker = [...new Set(markers)].sort((a, b) => count(b) - count(a))[0]!;
      sources.breakingMarker = "file+commits";
    }
    // the scope shape most entries show (a shown shape wins a tie over a hidden one)
    const scopes = shapes.map((x) => x.scope).filter((x): x is string => x !== undefined);
    if (scopes.length) {
      const count = (v: string) => scopes.filter((x) => x === v).length;
      style.scope = [...new Set(scopes)].sort((a, b) => count(b) - count(a) || b.length - a.length)[0]!;
      sources.scope = "file+commits";
    }
    // the form most entries fit; on a tie the simplest, except that conventional-changelog-writer's
    // entry shape (release-please, standard-version) always lists closing footers
    const closes = shapes.map((x) => x.closes).filter((x): x is ClosesForm[] => x !== undefined && x.length < 3);
    const writerShape = WRITER_ONLY.test(style.entry);
    // a change reverted within a section's own range: listed there, or left out with its revert
    const revertVotes = examples.flatMap((ex) => {
      const listed = new Set([...matchEntries(ex.section, ex.commits).values()].flat().map((m) => m.commit.sha));
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
    const prefer: ClosesForm[] = writerShape ? ["footers", "none", "body"] : [...CLOSES_FORMS];
    if (closes.length) {
      const fits = (f: ClosesForm) => closes.filter((x) => x.includes(f)).length;
      style.closes = prefer.sort((a, b) => fits(b) - fits(a))[0]!;
      sources.closes = "file+commits";
    } else if (writerShape) {
      style.closes = "footers";
      sources.closes = "file";
    }
    for (const k of ["capitalize", "issueLinks", "shortShaLength", "repoUrl"] as const) {
      const v = pick(k);
      if (v !== undefined) {
        (style as unknown as Record<string, unknown>)[k] = v;
        sources[k] = "file+commits";
      }
    }
    // a style that never shows a hash needs no length; one that never shows a scope hides it
    // no matched commit had a scope: the shape the recent sections show, else none (they show none)
    if (pick("scope") === undefined) {
      // the recent sections first; else anywhere in the file (a run of unscoped releases is no evidence)
      style.scope = [...windowed, ...doc.sections].map(textScopeShape).find((x) => x !== undefined) ?? "";
      sources.scope = "file";
    }
    if (pick("issueLinks") === undefined) style.issueLinks = false;
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
  } else {
    const shape = textEntryShape(doc.sections.slice(0, 3));
    if (shape) {
      Object.assign(style, shape);
      sources.entry = sources.capitalize = "file";
      if (shape.scope !== undefined) sources.scope = "file";
    }
  }
  const decided = orders.filter((o) => o.length < ENTRY_ORDERS.length);
  if (decided.length) {
    // the order that fits the most categories; the simplest one on a tie (list order)
    const score = (o: EntryOrder) => decided.filter((d) => d.includes(o)).length;
    // conventional-changelog-writer (release-please, standard-version) sorts by scope, then subject
    const writer = WRITER_ENTRY.test(style.entry);
    const prefer: EntryOrder[] = writer ? ["scope", ...ENTRY_ORDERS.filter((o) => o !== "scope")] : [...ENTRY_ORDERS];
    const best = prefer.sort((a, b) => score(b) - score(a))[0]!;
    style.order = best;
    sources.order = "file+commits";
  }

  const titled = doc.sections
    .slice(0, 20)
    .flatMap((s) => s.groups)
    .find((g) => g.title);
  if (titled) {
    style.titleDepth = titled.depth;
    sources.titleDepth = "file";
  }
  style.gaps = gapsOf(doc);
  sources.gaps = "file";
  return { style, sources };
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
 * Without commits to compare with: the bullet, a hash suffix, a scope shape, capitals,
 * from a few entries at least (one hand-written line is no evidence of a style).
 */
function textEntryShape(sections: readonly Section[]): Partial<ChangelogStyle> | undefined {
  const lines = sections.flatMap((s) => s.groups.flatMap((g) => g.entries.map((e) => firstLine(e.raw))));
  if (lines.length < 3) return undefined;
  const bullet = lines[0]!.slice(0, 2);
  const hash = lines.every((l) => /\([0-9a-f]{7,}\)$/.test(l))
    ? " ({shortSha})"
    : lines.every((l) => /\(\[[0-9a-f]{7,}\]\([^)]*\)\)$/.test(l))
      ? " ([{shortSha}]({repoUrl}/commit/{sha}))"
      : "";
  const bodies = lines.map((l) => l.slice(2).replace(/^\*\*[^*]+:\*\* |^\*\([^)]+\)\* /, ""));
  const scope = sections.map(textScopeShape).find((x) => x !== undefined);
  return {
    entry: `${bullet}{scope}{description}${hash}`,
    ...(scope !== undefined ? { scope } : {}),
    capitalize: bodies.every((b) => !/^\p{Ll}/u.test(b)),
  };
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
