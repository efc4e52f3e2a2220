/**
 * Whether an entry describes a commit. The inference matches a section's entries to the
 * commits they were made from; the renderer asks whether a hand-written `[Unreleased]`
 * entry already describes a commit, so it is not listed a second time. Pure.
 */
import type { ParsedCommit } from "../commits.ts";

/** Text for matching an entry to a commit: links reduced to their text, markup and refs dropped. */
export function norm(s: string): string {
  return s
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\(#\d+\)|\b[0-9a-f]{7,40}\b/g, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .toLowerCase();
}

export const firstLine = (raw: string) => raw.split(/\r?\n/)[0]!;

const bulletless = (raw: string) => raw.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, "");

// An entry that says less than this is too short to name one commit by its words alone.
const MIN_WORDS = 12;

/**
 * A hand-written entry describes a commit when it names the commit's hash (7 hex digits or
 * more), the pull request its subject names (`(#12)`, `/pull/12`), or its description
 * (the same words, or all of them inside the entry). Anything less is no proof: the commit
 * is listed again, since listing a change twice is better than losing it.
 */
export function describes(entry: string, c: ParsedCommit): boolean {
  const hexes = entry.match(/\b[0-9a-f]{7,40}\b/g) ?? [];
  if (hexes.some((h) => c.sha.startsWith(h))) return true;
  const pr = /\(#(\d+)\)\s*$/.exec(c.header)?.[1];
  if (pr && new RegExp(`(?:#|/pull/|/issues/)${pr}\\b`).test(entry)) return true;
  const e = norm(bulletless(entry));
  for (const text of [c.description, c.paragraph]) {
    if (!text) continue;
    const d = norm(text);
    if (!d) continue;
    if (e === d || (d.length >= MIN_WORDS && ` ${e} `.includes(` ${d} `))) return true;
  }
  return false;
}
