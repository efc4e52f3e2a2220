/**
 * Conventional Commits 1.0: parse a message into type, scope, `!` and breaking-change
 * footers, and suggest the bump a series of commits calls for. Pure functions.
 */
import type { Bump } from "./version.ts";
import { isValid, major } from "./version.ts";

export interface ParsedCommit {
  sha: string;
  /** lower-cased type; undefined when the subject is not a conventional header */
  type: string | undefined;
  scope: string | undefined;
  /** `feat!:` or a BREAKING CHANGE footer */
  breaking: boolean;
  /** the description after `type(scope): `, or the whole subject (the first line) */
  description: string;
  /**
   * The description as git's `%s` gives it, when the first paragraph spans several lines:
   * the paragraph's lines joined by one space (scripts reading `%s` list it that way).
   */
  paragraph?: string;
  /** texts of BREAKING CHANGE / BREAKING-CHANGE footers (the description when only `!`) */
  breakingNotes: string[];
  /**
   * Issues a changelog writer lists after the entry (`, closes #12`), two readings, each set
   * when not empty, the subject's own issues left out: `footers`, the closing footers of the
   * last paragraph (`Closes #12, #14`, `Fix: #9`: release-please); `body`, every `#n` after
   * the first line (conventional-commits-parser, as standard-version lists them).
   */
  refs?: { footers?: string[]; body?: string[] };
  /**
   * What a revert commit reverts: git's `This reverts commit <sha>.`, or the subject GitHub's
   * Revert button quotes (`Revert "fix: x (#845)" (#847)`); set on revert commits only.
   */
  reverts?: { sha?: string; subject?: string };
  /** the first line as written (`fix(api): x (#12)`) */
  header: string;
}

const HEADER = /^([A-Za-z][\w-]*)(?:\(([^()\r\n]*)\))?(!)?: ?(.+)$/;
// `BREAKING CHANGES:` (plural) is not in the spec, but people write it and mean the same.
const BREAKING_FOOTER = /^BREAKING[ -]CHANGES?: ?(.*)$/;
// A footer token per the spec: a word (hyphens for spaces), then ": " or " #".
const FOOTER_TOKEN = /^(?:[\w-]+|BREAKING CHANGES?)(?:: | #)/;
// A Markdown code fence: what is inside is an example, never a footer.
const FENCE = /^\s*(```|~~~)/;

/**
 * The first paragraph's lines as git's `format_subject` (pretty.c) takes them for `%s`:
 * leading blank lines skipped, each line's trailing whitespace (CR included) dropped, its
 * leading whitespace kept, the paragraph ending at the first blank or whitespace-only line.
 */
export function subjectLines(message: string): { lines: string[]; rest: string } {
  const all = message.split("\n");
  let i = 0;
  while (i < all.length && all[i]!.trim() === "") i++;
  const start = i;
  const lines: string[] = [];
  for (; i < all.length && all[i]!.trim() !== ""; i++) lines.push(all[i]!.trimEnd());
  // what follows the first line (footers are looked for there, as before)
  return { lines, rest: all.slice(start + 1).join("\n") };
}

/** git's `%s`: the first paragraph, its lines joined by one space. */
export function gitSubject(message: string): string {
  return subjectLines(message).lines.join(" ");
}

export function parseCommit(sha: string, message: string): ParsedCommit {
  const { lines, rest } = subjectLines(message);
  const subject = (lines[0] ?? "").trim();
  const m = HEADER.exec(subject);
  const breakingNotes = breakingFooters(rest);
  const bang = Boolean(m?.[3]);
  const description = m ? m[4]!.trim() : subject;
  if (bang && breakingNotes.length === 0) breakingNotes.push(description);
  const parsed: ParsedCommit = {
    sha,
    type: m ? m[1]!.toLowerCase() : undefined,
    scope: m?.[2]?.trim() || undefined,
    breaking: bang || breakingNotes.length > 0,
    description,
    breakingNotes,
    header: subject,
  };
  const revertSha = /^This reverts commit ([0-9a-f]{7,40})\b/m.exec(rest)?.[1];
  const revertSubject = /^Revert "(.+)"(?: \(#\d+\))?$/.exec(subject)?.[1];
  if (revertSha || revertSubject)
    parsed.reverts = { ...(revertSha ? { sha: revertSha } : {}), ...(revertSubject ? { subject: revertSubject } : {}) };
  const footers = closedIssues(message, subject);
  const body = bodyIssues(rest, subject);
  if (footers.length || body.length)
    parsed.refs = { ...(footers.length ? { footers } : {}), ...(body.length ? { body } : {}) };
  if (lines.length > 1) {
    // the header is on the first line: what follows it there, then the other lines as git joins them
    const joined = lines.join(" ").trimStart();
    parsed.paragraph = (m ? joined.slice(subject.length - m[4]!.length) : joined).trim();
  }
  return parsed;
}

// A closing footer (`Closes #12, #14`, `Fixes: #9`): a Conventional Commits footer whose token is one of
// conventional-commits-parser's reference actions. Only the footers count: a `Fixes #3` inside the body
// (commit-and-tag-version 12.7.2) or `✅ Closes: #1` (no footer token) is listed by no tool.
const CLOSING_FOOTER = /^(close[sd]?|fix(?:e[sd])?|resolve[sd]?)(: | #)(.*)$/i;

const issueNumbers = (s: string) => [...s.matchAll(/(?<![\w/&])#(\d+)\b/g)].map((m) => m[1]!);

/** New numbers, in order, once each, none the subject names. */
function collect(texts: string[], subject: string): string[] {
  const inSubject = new Set(issueNumbers(subject));
  const out: string[] = [];
  for (const t of texts) for (const n of issueNumbers(t)) if (!inSubject.has(n) && !out.includes(n)) out.push(n);
  return out;
}

/** Issues the last paragraph's closing footers name. */
function closedIssues(message: string, subject: string): string[] {
  const paragraphs = message.trim().split(/\n[ \t]*\r?\n/);
  if (paragraphs.length < 2) return [];
  const values = paragraphs
    .at(-1)!
    .split("\n")
    .map((line) => CLOSING_FOOTER.exec(line.trim()))
    .filter((f) => f !== null)
    .map((f) => `${f[2] === " #" ? "#" : ""}${f[3]}`);
  return collect(values, subject);
}

/**
 * conventional-commits-parser's references: per line after the header, the issues after a
 * reference action when the line has one, else every `#n` in it.
 */
function bodyIssues(rest: string, subject: string): string[] {
  const texts = rest.split("\n").map((line) => {
    const at = line.search(/\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s/i);
    return at === -1 ? line : line.slice(at);
  });
  return collect(texts, subject);
}

/** BREAKING CHANGE footers, each possibly continued on the following lines until the next footer. */
function breakingFooters(rest: string): string[] {
  const notes: string[] = [];
  let current: string[] | undefined;
  let fence: string | undefined;
  for (const line of rest.split("\n")) {
    const f = FENCE.exec(line)?.[1];
    if (fence) {
      if (f === fence) fence = undefined;
      if (current) current.push(line);
      continue;
    }
    if (f) {
      fence = f;
      if (current) current.push(line);
      continue;
    }
    const b = BREAKING_FOOTER.exec(line);
    if (b) {
      if (current) notes.push(current.join("\n").trim());
      current = [b[1]!];
    } else if (current && FOOTER_TOKEN.test(line)) {
      notes.push(current.join("\n").trim());
      current = undefined;
    } else if (current) {
      current.push(line);
    }
  }
  if (current) notes.push(current.join("\n").trim());
  return notes.filter(Boolean);
}

const withoutPr = (s: string) => s.replace(/\s*\(#\d+\)$/, "");

/**
 * Commits of a range that a later commit of the same range reverts, each with its revert,
 * matched by sha, else by the quoted subject (a PR number after either side ignored).
 */
export function revertPairs(commits: readonly ParsedCommit[]): { reverted: ParsedCommit; by: ParsedCommit }[] {
  const pairs: { reverted: ParsedCommit; by: ParsedCommit }[] = [];
  const used = new Set<string>();
  // newest first: a revert is newer than what it reverts
  commits.forEach((r, i) => {
    if (!r.reverts || used.has(r.sha)) return;
    const target = commits
      .slice(i + 1)
      .find(
        (x) =>
          !used.has(x.sha) &&
          (r.reverts!.sha
            ? x.sha.startsWith(r.reverts!.sha)
            : withoutPr(x.header) === withoutPr(r.reverts!.subject ?? "")),
      );
    if (!target) return;
    used.add(r.sha).add(target.sha);
    pairs.push({ reverted: target, by: r });
  });
  return pairs;
}

/**
 * Release commits are not changes to list: this tool's (`release: v1.2.3`), release-please's
 * and semantic-release's (`chore(release): ...`), and bump2version's default message
 * (`Bump version: 0.20.4 → 0.20.5`), which a history keeps from before it moved tools.
 */
const RELEASE_SUBJECTS = [/^release: /, /^chore\(release\): /, /^Bump version: \S+ (?:→|->) \S+/];

export function isReleaseCommit(message: string): boolean {
  return RELEASE_SUBJECTS.some((re) => re.test(message));
}

/**
 * The subjects release tools give the commit of a release, each with the version it names:
 * this tool's, semantic-release's, release-please's (`chore(main): release 4.1.5 (#1086)`)
 * and bump2version's (`Bump version: 2.9.5 → 2.10.0`, maybe followed by notes on the same line).
 */
const RELEASE_COMMIT_SUBJECTS = [
  /^release: (\S+)$/,
  /^chore\(release\): (?:release )?(\S+)$/,
  /^chore(?:\([\w.-]+\))?: release (\S+?)(?: \(#\d+\))?$/,
  /^Bump version: \S+ (?:→|->) (\S+)/,
];

/** The version a release commit's subject names (with or without the tag prefix), or undefined. */
export function releaseCommitVersion(subject: string, prefix: string): string | undefined {
  for (const re of RELEASE_COMMIT_SUBJECTS) {
    const m = re.exec(subject.trim());
    if (!m) continue;
    const named = m[1]!;
    const v = named.startsWith(prefix) ? named.slice(prefix.length) : named.replace(/^v(?=\d)/, "");
    if (isValid(v)) return v;
  }
  return undefined;
}

/** The changes among raw commits (`git log` records): release commits left out, the rest parsed. */
export const parsedChanges = (raw: readonly { sha: string; message: string }[]): ParsedCommit[] =>
  raw.filter((c) => !isReleaseCommit(c.message)).map((c) => parseCommit(c.sha, c.message));

/**
 * The subject git (or GitHub) writes for a merge, on a commit that has one parent: a merge
 * flattened by a rebase or a squash keeps it (`Merge main into feature/x`). It names
 * branches, not a change. "Merge duplicate taxa" is a change and stays.
 */
const MERGE_SUBJECT =
  /^Merge (?:(?:remote-tracking )?branch(?:es)? '[^']+'|pull request #\d+ from \S+|tag '[^']+'|commit '[^']+'|\S+ into \S+$)/;

export const isMergeSubject = (header: string) => MERGE_SUBJECT.test(header);

export interface BumpSuggestion {
  bump: Bump | undefined;
  reason: string;
}

/**
 * The bump a set of commits calls for: breaking → major (or minor below 1.0 when
 * configured), feat → minor, anything else → patch; nothing when there are no commits.
 */
export function suggestBump(
  commits: readonly ParsedCommit[],
  current: string,
  breakingBelowOne: "major" | "minor" = "major",
): BumpSuggestion {
  if (commits.length === 0) return { bump: undefined, reason: "no commits since the last release" };
  const breaking = commits.filter((c) => c.breaking).length;
  if (breaking) {
    const belowOne = major(current) === 0 && breakingBelowOne === "minor";
    return {
      bump: belowOne ? "minor" : "major",
      reason: `${breaking} breaking change(s)${belowOne ? " (below 1.0: minor, as configured)" : ""}`,
    };
  }
  const feats = commits.filter((c) => c.type === "feat").length;
  if (feats) return { bump: "minor", reason: `${feats} feature(s)` };
  return { bump: "patch", reason: `${commits.length} commit(s), no feature or breaking change` };
}
