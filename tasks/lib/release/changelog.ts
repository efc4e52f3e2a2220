/**
 * Keep a Changelog: render a version's section from parsed commits (categories in the
 * configured, fixed order; breaking changes called out first), insert it under
 * `## [Unreleased]`, and derive the GitHub release notes with a compare link.
 */
import type { ParsedCommit } from "./commits.ts";

export interface Category {
  title: string;
  /** conventional-commit types; `!` means "breaking changes" */
  types: string[];
}

export interface SectionInput {
  version: string;
  /** YYYY-MM-DD */
  date: string;
  commits: readonly ParsedCommit[];
  categories: readonly Category[];
}

const UNRELEASED = /^##[ \t]*\[?Unreleased\]?[ \t]*$/im;

function entry(c: ParsedCommit, text = c.description): string {
  const scope = c.scope ? `**${c.scope}:** ` : "";
  const lines = text.split("\n");
  return `- ${scope}${lines[0]} (${c.sha.slice(0, 7)})${
    lines.length > 1
      ? "\n" +
        lines
          .slice(1)
          .map((l) => `  ${l}`.trimEnd())
          .join("\n")
      : ""
  }`;
}

/** The category lists of a section (no heading); commits of unlisted types are left out. */
export function renderEntries(commits: readonly ParsedCommit[], categories: readonly Category[]): string {
  const blocks: string[] = [];
  for (const cat of categories) {
    const lines: string[] = [];
    if (cat.types.includes("!"))
      for (const c of commits) for (const note of c.breakingNotes) lines.push(entry(c, note));
    for (const c of commits) if (c.type && cat.types.includes(c.type)) lines.push(entry(c));
    if (lines.length) blocks.push(`### ${cat.title}\n\n${lines.join("\n")}`);
  }
  return blocks.join("\n\n");
}

export function sectionHeading(version: string, date: string): string {
  return `## [${version}] - ${date}`;
}

/** A version's section: heading, then the entries (oldest first, as they happened). */
export function renderSection(input: SectionInput): string {
  const oldestFirst = [...input.commits].reverse();
  const body = renderEntries(oldestFirst, input.categories);
  return `${sectionHeading(input.version, input.date)}\n\n${body || "_No user-facing changes._"}\n`;
}

export function hasUnreleased(text: string): boolean {
  return UNRELEASED.test(text);
}

export function hasVersion(text: string, version: string): boolean {
  const esc = version.replace(/[.+]/g, (c) => `\\${c}`);
  return new RegExp(`^##[ \\t]*\\[?${esc}\\]?(?:[ \\t]|$)`, "m").test(text);
}

export interface LinkInput {
  repository: string | undefined;
  tag: string;
  previousTag: string | undefined;
}

export function compareUrl(l: LinkInput): string | undefined {
  if (!l.repository) return undefined;
  const base = `https://github.com/${l.repository}`;
  return l.previousTag ? `${base}/compare/${l.previousTag}...${l.tag}` : `${base}/commits/${l.tag}`;
}

/**
 * Insert `section` right below `## [Unreleased]`. Hand-written notes that were under
 * Unreleased move into the new version (they describe it), above the generated lists.
 * Link references at the bottom (`[Unreleased]: .../compare/vA...HEAD`) are updated.
 */
export function insertSection(text: string, section: string, links: LinkInput & { version: string }): string {
  const m = UNRELEASED.exec(text);
  if (!m) throw new Error("insertSection() needs an [Unreleased] heading; check changelog.unreleased-missing first");
  const afterHeading = m.index + m[0].length;
  const nextHeading = /^##[ \t]/m.exec(text.slice(afterHeading));
  const linkDefs = /^\[[^\]]+\]:[ \t]/m.exec(text.slice(afterHeading));
  const candidates = [nextHeading?.index, linkDefs?.index].filter((i): i is number => i !== undefined);
  const unreleasedEnd = afterHeading + (candidates.length ? Math.min(...candidates) : text.length - afterHeading);
  const manual = text.slice(afterHeading, unreleasedEnd).trim();
  const [heading, ...rest] = section.trimEnd().split("\n");
  const generated = rest.join("\n").trim();
  const merged = `${heading}\n\n${manual ? `${manual}\n\n` : ""}${generated}\n`;
  let out = `${text.slice(0, afterHeading)}\n\n${merged}\n${text.slice(unreleasedEnd).replace(/^\n+/, "")}`;
  if (!text.slice(unreleasedEnd).trim()) out = out.trimEnd() + "\n";
  return updateLinks(out, links);
}

function updateLinks(text: string, l: LinkInput & { version: string }): string {
  const def = /^\[Unreleased\]:[ \t]*(\S+)[ \t]*$/im.exec(text);
  if (!def || !l.repository) return text;
  const base = `https://github.com/${l.repository}`;
  const unreleased = `[Unreleased]: ${base}/compare/${l.tag}...HEAD`;
  const own = `[${l.version}]: ${compareUrl(l)}`;
  return text.slice(0, def.index) + `${unreleased}\n${own}` + text.slice(def.index + def[0].length);
}

/** GitHub release notes: the section's lists plus the compare link. */
export function releaseNotes(section: string, l: LinkInput): string {
  const body = section.trimEnd().split("\n").slice(1).join("\n").trim();
  const url = compareUrl(l);
  return `${body}\n${url ? `\n**Full Changelog**: ${url}\n` : ""}`;
}
