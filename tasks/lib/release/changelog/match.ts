/**
 * A released section's entries matched to the commits they were made from: by a hash the
 * entry names, else by its text (the subject's paragraph, description, or scope and
 * description), each commit used once. Pure; memoised per section.
 */
import type { ParsedCommit } from "../commits.ts";
import { firstLine, norm } from "./described.ts";
import type { Entry, Section } from "./read.ts";

export interface Match {
  entry: Entry;
  commit: ParsedCommit;
  line: string;
}

const matched = new WeakMap<Section, { commits: readonly ParsedCommit[]; byGroup: Map<number, Match[]> }>();

/** Entries matched to their commits, once per section (the inference asks three times). */
export function matchEntries(section: Section, commits: readonly ParsedCommit[]): Map<number, Match[]> {
  const memo = matched.get(section);
  if (memo?.commits === commits) return memo.byGroup;
  const byGroup = matchEntriesOnce(section, commits);
  matched.set(section, { commits, byGroup });
  return byGroup;
}

function matchEntriesOnce(section: Section, commits: readonly ParsedCommit[]): Map<number, Match[]> {
  const byGroup = new Map<number, Match[]>();
  const used = new Set<string>();
  // Each commit normalised once, exact texts looked up in an index: a section can list a thousand
  // entries made from as many commits, and a scan per entry would be quadratic.
  const normed = commits.map((c) => ({
    c,
    // git's %s form first, where the first paragraph spans lines (what a script built on `git log --format=%s` lists)
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

/** The commits an example section lists (matched to one of its entries). */
export function listedShas(section: Section, commits: readonly ParsedCommit[]): Set<string> {
  return new Set([...matchEntries(section, commits).values()].flat().map((m) => m.commit.sha));
}
