/**
 * Categories, learned: the titles and their order over the newest sections (older ones
 * fill in what the recent window leaves open), the types each title takes (its words,
 * then which title the examples listed each type's commits under), the catch-all, the
 * `type(scope)` pairs and the types the file proves it omits. A file whose sections
 * have no titles at all is a flat list. Pure.
 */
import { isMergeSubject, type ParsedCommit } from "../commits.ts";
import type { Example, Learned } from "./infer-entry.ts";
import { matchEntries } from "./match.ts";
import type { Changelog, Section } from "./read.ts";
import { type CategoryStyle, UNTYPED } from "./style.ts";
import { titleTypes, USER_FACING } from "./titles.ts";

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
  const note = (titles: readonly string[]) => {
    for (const t of titles) if (!seen.includes(t)) seen.push(t);
  };
  const before = new Precedence();
  for (const s of recentSections) {
    const { titles, pairs } = titlePairs(s, keep);
    note(titles);
    for (const [a, b] of pairs) if (!before.reaches(b, a)) before.add(a, b);
  }
  const votes = olderVotes(olderSections, keep, note);
  // the clearest majorities first, so a doubtful pair cannot block a clear one
  const ranked = [...votes.values()].sort((p, q) => Math.abs(q.ab - q.ba) - Math.abs(p.ab - p.ba));
  for (const v of ranked) {
    if (before.reaches(v.a, v.b) || before.reaches(v.b, v.a)) continue;
    const forward = v.ab > v.ba || (v.ab === v.ba && v.first === 1);
    if (forward) before.add(v.a, v.b);
    else before.add(v.b, v.a);
  }
  return before.order([...seen].sort((a, b) => usualRank(a) - usualRank(b) || seen.indexOf(a) - seen.indexOf(b)));
}

/** "A comes before B" between category titles, as the sections say it. */
class Precedence {
  private readonly after = new Map<string, Set<string>>();
  add(a: string, b: string): void {
    if (!this.after.has(a)) this.after.set(a, new Set());
    this.after.get(a)!.add(b);
  }
  reaches(from: string, to: string, visited = new Set<string>()): boolean {
    if (from === to) return true;
    visited.add(from);
    for (const n of this.after.get(from) ?? []) if (!visited.has(n) && this.reaches(n, to, visited)) return true;
    return false;
  }
  /** Every title once, none before a title said to precede it; `byRank` decides where nothing is said. */
  order(byRank: readonly string[]): string[] {
    const order: string[] = [];
    const left = new Set(byRank);
    while (left.size) {
      const next = byRank.find((t) => left.has(t) && ![...left].some((o) => o !== t && this.after.get(o)?.has(t)))!;
      order.push(next);
      left.delete(next);
    }
    return order;
  }
}

/** A section's kept titles and every ordered pair of them it shows. */
function titlePairs(s: Section, keep: (title: string) => boolean): { titles: string[]; pairs: [string, string][] } {
  const titles = s.groups.map((g) => g.title).filter((t): t is string => Boolean(t) && keep(t!));
  const pairs: [string, string][] = [];
  for (let i = 0; i < titles.length; i++)
    for (let j = i + 1; j < titles.length; j++) if (titles[i] !== titles[j]) pairs.push([titles[i]!, titles[j]!]);
  return { titles, pairs };
}

interface PairVotes {
  a: string;
  b: string;
  ab: number;
  ba: number;
  /** the order of the newest section showing the pair, which breaks a tie */
  first: number;
}

/** Older sections: votes per pair of titles, newest first. */
function olderVotes(
  olderSections: readonly Section[],
  keep: (title: string) => boolean,
  note: (titles: readonly string[]) => void,
): Map<string, PairVotes> {
  const votes = new Map<string, PairVotes>();
  for (const s of olderSections) {
    const { titles, pairs } = titlePairs(s, keep);
    note(titles);
    for (const [a, b] of pairs) {
      const [x, y] = a < b ? [a, b] : [b, a];
      const key = `${x}\u0000${y}`;
      const v = votes.get(key) ?? { a: x, b: y, ab: 0, ba: 0, first: a === x ? 1 : -1 };
      if (a === x) v.ab++;
      else v.ba++;
      votes.set(key, v);
    }
  }
  return votes;
}

/** Where the sections do not say, the usual order: breaking, features, fixes, ..., the catch-all last. */
const USUAL_ORDER = ["!", "feat", "fix", "perf", "revert", "refactor", "docs"];
function usualRank(title: string): number {
  const { types, catchAll } = titleTypes(title);
  const r = types.length ? USUAL_ORDER.indexOf(types[0]!) : -1;
  return catchAll ? 100 : r === -1 ? 50 : r;
}

/** Which title each type's commits were listed under; the most votes win (newest on a tie). */
function typeVotes(examples: readonly Example[], cats: CategoryStyle[]): Map<string, Map<string, number>> {
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
  return votes;
}

const kindOf = (c: ParsedCommit) => c.type ?? UNTYPED;

/**
 * Types (and `(untyped)`: commits that are not Conventional Commits) the file proves it
 * omits: none of their commits is listed in any example, and in some example whose
 * entries are made from commits (one matched, at least) more of them go unlisted than
 * the entries that matched no commit could describe. One unlisted commit next to a
 * rewritten entry proves nothing; it is listed.
 */
export function provenOmitted(examples: readonly Example[]): string[] {
  const listedKinds = new Set<string>();
  const proven = new Set<string>();
  for (const ex of examples) {
    const matches = [...matchEntries(ex.section, ex.commits).values()].flat();
    const listed = new Set(matches.map((m) => m.commit.sha));
    for (const m of matches) listedKinds.add(kindOf(m.commit));
    if (!matches.length) continue;
    const entries = ex.section.groups.reduce((n, g) => n + g.entries.length, 0);
    const unmatched = entries - matches.length;
    const unlisted = new Map<string, number>();
    for (const c of ex.commits) {
      if (listed.has(c.sha) || c.breaking || (c.type === undefined && isMergeSubject(c.header))) continue;
      unlisted.set(kindOf(c), (unlisted.get(kindOf(c)) ?? 0) + 1);
    }
    for (const [kind, n] of unlisted) if (n > unmatched) proven.add(kind);
  }
  return [...proven].filter((k) => !listedKinds.has(k)).sort();
}

/**
 * A scope of a listed type whose commits the examples never list, with different subjects (git-cliff's
 * `chore(deps)` skip; the same subject again, `chore(npm): update yarn.lock`, is a rule on the message).
 */
function skippedScopes(examples: readonly Example[], votes: Map<string, unknown>): string[] {
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
  return [...byScope]
    .filter(([k, n]) => n.listed === 0 && n.not.size >= 2 && votes.has(k.slice(0, k.indexOf("("))))
    .map(([k]) => k)
    .sort();
}

/**
 * Older sections: a title for a type no recent title takes (Performance used once a year)
 * comes back, in the place the older sections give it; only user-facing kinds (chores,
 * tests, CI go where the recent sections put them).
 */
function olderTitles(
  olderWindow: readonly Section[],
  recent: Set<string>,
  claimed: Set<string>,
): Map<string, CategoryStyle> {
  const older = new Map<string, CategoryStyle>();
  for (const x of olderWindow)
    for (const g of x.groups) {
      const t = g.title ? titleTypes(g.title) : undefined;
      if (!t || recent.has(g.title) || older.has(g.title) || t.catchAll || !t.types.length) continue;
      if (!t.types.every((ty) => USER_FACING.includes(ty))) continue;
      if (t.types.some((ty) => claimed.has(ty))) continue;
      older.set(g.title, { title: g.title, ...t });
      for (const ty of t.types) claimed.add(ty);
    }
  return older;
}

/** Categories: titles and order from the text; types from the titles, then from the commits. */
export function learnCategories(doc: Changelog, examples: readonly Example[], l: Learned): void {
  const { style, sources } = l;
  const omit = provenOmitted(examples);
  if (omit.length) {
    style.omit = omit;
    sources.omit = "file+commits";
  }
  const windowed = doc.sections.slice(0, 12);
  const recent = new Set(windowed.flatMap((x) => x.groups.map((g) => g.title)).filter(Boolean));
  const olderWindow = doc.sections.slice(12, 30);
  let titles = categoryOrder(windowed, olderWindow, (t) => recent.has(t));
  if (!titles.length) {
    // entries and no title anywhere: a flat list, everything in it
    if (windowed.some((s) => s.groups.some((g) => g.entries.length))) {
      style.categories = [{ title: "", types: [], catchAll: true }];
      sources.categories = "file";
    }
    return;
  }
  const cats: CategoryStyle[] = titles.map((title) => ({ title, ...titleTypes(title) }));
  const votes = typeVotes(examples, cats);
  const skip = skippedScopes(examples, votes);
  if (skip.length) {
    style.skip = skip;
    sources.skip = "file+commits";
  }
  // a type a title would take but the file proves it omits stays out (`doc:` in a file that hides it)
  for (const c of cats) c.types = c.types.filter((t) => t === "!" || !omit.includes(t));
  const older = olderTitles(olderWindow, recent, new Set([...cats.flatMap((c) => c.types), ...votes.keys(), ...omit]));
  if (older.size) {
    titles = categoryOrder(windowed, olderWindow, (t) => recent.has(t) || older.has(t));
    const all = [...cats, ...older.values()];
    cats.splice(0, cats.length, ...titles.map((t) => all.find((c) => c.title === t)!));
  }
  style.categories = cats.map((c) => (c.catchAll ? { ...c, catchAll: true } : { title: c.title, types: c.types }));
  sources.categories = votes.size > 0 ? "file+commits" : "file";
}
