/**
 * The one CHANGELOG reader. Markdown structure (which lines are headings, lists,
 * link definitions; never a `## ` inside a code block) comes from mdast; a token
 * pattern then reads each heading's text. A version heading is recognised in every
 * common shape, at any depth:
 *   `## [1.2.0] - 2024-01-31`, `## [v1.2.0] - date`, `## 1.2.0 (date)`, `## v1.2.0`,
 *   `## [1.2.0](compare-url) (date)`, `### [1.1.1](url) (date)`, `# [1.2.0](url) (date)`,
 *   `## [1.2.0] - date [YANKED]`, `## Release v1.2.0 - 2024/01/31`, with any tag prefix (`app-v1.2.0`).
 * Offsets index the original text, so writers can keep every other byte as it was.
 */
import { isValid } from "../version.ts";

export interface Entry {
  /** the list item as written, every line */
  raw: string;
  start: number;
  end: number;
}

export interface Group {
  /** the category title as written (`Bug Fixes`, `⛰️  Features`); "" for entries before any title */
  title: string;
  depth: number;
  /** the title heading's offsets (equal to the first entry's start when untitled) */
  start: number;
  end: number;
  entries: Entry[];
}

export interface Section {
  /** semver without the label's prefix */
  version: string;
  /** the version as the heading writes it: `v0.20.5`, `1.2.0`, `app-v1.0.0` */
  label: string;
  depth: number;
  /** the heading line as written */
  heading: string;
  /** the link in the heading (`[1.2.0](url)`), if any */
  url: string | undefined;
  /** the date as written in the heading, if any */
  date: string | undefined;
  yanked: boolean;
  /** [start, end) of the whole section; end is the next section's start (or the link definitions, or EOF) */
  start: number;
  headingEnd: number;
  /** where the section's content ends (its trailing blank lines excluded) */
  contentEnd: number;
  end: number;
  groups: Group[];
}

/** What is written by hand under `[Unreleased]`, as written. */
export interface Unreleased {
  heading: string;
  start: number;
  headingEnd: number;
  end: number;
  /** everything under the heading, trimmed */
  body: string;
  /** what comes before the first category heading, trimmed */
  lead: string;
  /** each category heading, as written, with what follows it up to the next heading (trimmed) */
  groups: { title: string; heading: string; body: string }[];
  /** every list item, as written */
  entries: string[];
}

export interface Changelog {
  text: string;
  /** the line-break the file uses */
  eol: "\n" | "\r\n";
  unreleased: Unreleased | undefined;
  /** version sections in file order (newest first in every real file seen) */
  sections: Section[];
  /** start of the first version or Unreleased heading (the preamble is everything before) */
  preambleEnd: number;
  /** start of the trailing link-reference definitions (`[1.0.0]: https://…`), if any */
  definitionsStart: number | undefined;
}

const UNRELEASED = /^\[?unreleased\]?(?:\([^)]*\))?\s*$/i;
// label = optional prefix (no spaces/brackets) + x.y.z[-pre][+build]; then an optional (url), then the rest.
const VERSION =
  /^(\[)?([^\s[\]()]*?)(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)(\])?(?:\(([^)\s]*)\))?(.*)$/;
const DATE = /\d{4}([-/.])\d{2}\1\d{2}/;
// `## Release v1.19.3 - 2026/06/25`, `## Version 2.0.0`: a word before the version
const LEAD = /^(?:release|version)\s+/i;

export interface HeadingParts {
  /** a word before the version, as written (`Release `), or "" */
  lead: string;
  label: string;
  prefix: string;
  version: string;
  bracketed: boolean;
  url: string | undefined;
  rest: string;
  date: string | undefined;
  yanked: boolean;
}

/** Reads one heading's text (without the `#`s); undefined when it is not a version heading. */
export function parseVersionHeading(text: string): HeadingParts | undefined {
  const lead = LEAD.exec(text.trim())?.[0] ?? "";
  const m = VERSION.exec(text.trim().slice(lead.length));
  if (!m) return undefined;
  const [, open, prefix = "", version = "", close, url, rest = ""] = m;
  if (Boolean(open) !== Boolean(close) || !isValid(version)) return undefined;
  // "2.0.0 beta" is fine; "1.2.3.4" or "1.2.3abc" is not a version heading.
  if (rest && !/^[\s\-–—(:[]/.test(rest)) return undefined;
  if (prefix && /\d$/.test(prefix)) return undefined;
  return {
    lead,
    label: prefix + version,
    prefix,
    version,
    bracketed: Boolean(open),
    url: url || undefined,
    rest,
    date: DATE.exec(rest)?.[0],
    yanked: /\[yanked\]/i.test(rest),
  };
}

interface Node {
  type: string;
  depth?: number;
  children?: Node[];
  position?: { start: { offset?: number }; end: { offset?: number } };
}

const off = (n: Node, which: "start" | "end") => n.position![which].offset!;

function headingText(text: string, n: Node): string {
  return text
    .slice(off(n, "start"), off(n, "end"))
    .replace(/^\s*#+[ \t]*/, "")
    .replace(/[ \t]+#+[ \t]*$/, "");
}

/** The end of `text` before its trailing blank lines, but not before `min`. */
function trimEndAt(text: string, end: number, min: number): number {
  let e = end;
  while (e > min && /\s/.test(text[e - 1]!)) e--;
  // keep the content's own last line break
  return e;
}

/** Parse a CHANGELOG. Async: the Markdown parser is loaded only when a CHANGELOG is read. */
// The last few files read, by text: one cut reads the same CHANGELOG for its facts, its check
// and its step (a 122 KB file with a 1,073-item list takes mdast about 0.25 s each time).
// A Changelog is never changed after it is built, so callers may share it.
const recent = new Map<string, Promise<Changelog>>();

export function readChangelog(text: string): Promise<Changelog> {
  let doc = recent.get(text);
  if (!doc) {
    doc = import("mdast-util-from-markdown").then(({ fromMarkdown }) =>
      structure(text, (fromMarkdown(text) as Node).children ?? []),
    );
    recent.set(text, doc);
    if (recent.size > 4) recent.delete(recent.keys().next().value!);
  }
  return doc;
}

function structure(text: string, nodes: Node[]): Changelog {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  let definitionsStart: number | undefined;
  for (let i = nodes.length - 1; i >= 0 && nodes[i]!.type === "definition"; i--)
    definitionsStart = off(nodes[i]!, "start");
  const body = definitionsStart === undefined ? nodes : nodes.filter((n) => off(n, "start") < definitionsStart!);
  const bodyEnd = definitionsStart ?? text.length;
  const marks = headingMarks(text, body);
  let unreleased: Changelog["unreleased"];
  const sections: Section[] = [];
  marks.forEach((mark, k) => {
    const h = body[mark.index]!;
    const next = marks[k + 1];
    const start = off(h, "start");
    const headingEnd = off(h, "end");
    const end = next ? off(body[next.index]!, "start") : bodyEnd;
    const inner = body.slice(mark.index + 1, next ? next.index : body.length);
    if (mark.kind === "unreleased") unreleased ??= handWritten(text, inner, { start, headingEnd, end });
    else sections.push(versionSection(text, h, inner, mark.parts!, { start, headingEnd, end }));
  });
  const first = marks[0];
  return {
    text,
    eol,
    unreleased,
    sections,
    preambleEnd: first ? off(body[first.index]!, "start") : bodyEnd,
    definitionsStart,
  };
}

type Mark = { kind: "unreleased" | "version"; index: number; parts?: HeadingParts };

/** The headings that open a section: `[Unreleased]`, or a version in any of the shapes read. */
function headingMarks(text: string, body: readonly Node[]): Mark[] {
  const marks: Mark[] = [];
  body.forEach((n, index) => {
    if (n.type !== "heading") return;
    const t = headingText(text, n);
    if (UNRELEASED.test(t)) marks.push({ kind: "unreleased", index });
    else {
      const parts = parseVersionHeading(t);
      if (parts) marks.push({ kind: "version", index, parts });
    }
  });
  return marks;
}

/** A version's section: its heading's parts, its byte offsets and its categories. */
function versionSection(
  text: string,
  h: Node,
  inner: Node[],
  p: HeadingParts,
  at: { start: number; headingEnd: number; end: number },
): Section {
  const lastInner = inner[inner.length - 1];
  const contentEnd = lastInner ? off(lastInner, "end") : at.headingEnd;
  return {
    version: p.version,
    label: p.label,
    depth: h.depth ?? 2,
    heading: text.slice(at.start, at.headingEnd),
    url: p.url,
    date: p.date,
    yanked: p.yanked,
    start: at.start,
    headingEnd: at.headingEnd,
    contentEnd: trimEndAt(text, contentEnd, at.headingEnd),
    end: at.end,
    groups: groupsOf(text, inner),
  };
}

/** The `[Unreleased]` section: its lead, its category headings with their text, its list items. */
function handWritten(text: string, inner: Node[], at: { start: number; headingEnd: number; end: number }): Unreleased {
  const headings = inner.filter((n) => n.type === "heading");
  const groups = headings.map((h, i) => {
    const next = headings[i + 1];
    return {
      title: headingText(text, h),
      heading: text.slice(off(h, "start"), off(h, "end")),
      body: text.slice(off(h, "end"), next ? off(next, "start") : at.end).trim(),
    };
  });
  const entries = inner
    .filter((n) => n.type === "list")
    .flatMap((l) => (l.children ?? []).map((item) => text.slice(off(item, "start"), off(item, "end"))));
  return {
    heading: text.slice(at.start, at.headingEnd),
    ...at,
    body: text.slice(at.headingEnd, at.end).trim(),
    lead: text.slice(at.headingEnd, headings[0] ? off(headings[0], "start") : at.end).trim(),
    groups,
    entries,
  };
}

/** The category headings of a section and the list items under each. */
function groupsOf(text: string, inner: Node[]): Group[] {
  const groups: Group[] = [];
  let current: Group | undefined;
  for (const n of inner) {
    if (n.type === "heading") {
      current = {
        title: headingText(text, n),
        depth: n.depth ?? 3,
        start: off(n, "start"),
        end: off(n, "end"),
        entries: [],
      };
      groups.push(current);
    } else if (n.type === "list") {
      if (!current) {
        current = { title: "", depth: 0, start: off(n, "start"), end: off(n, "start"), entries: [] };
        groups.push(current);
      }
      for (const item of n.children ?? [])
        current.entries.push({
          raw: text.slice(off(item, "start"), off(item, "end")),
          start: off(item, "start"),
          end: off(item, "end"),
        });
    }
  }
  return groups;
}

/** The section for `version` in any recognised shape (`1.2.0`, `v1.2.0`, `[1.2.0](url)`...). */
export function findSection(doc: Changelog, version: string): Section | undefined {
  return doc.sections.find((s) => s.version === version);
}

/** The section's text as written, heading to content end, with one final line break. */
export function sectionText(doc: Changelog, s: Section): string {
  return `${doc.text.slice(s.start, s.contentEnd)}\n`.replace(/\r\n/g, "\n");
}

/** Every version the file has a section for, in file order. */
export function versionsOf(doc: Changelog): string[] {
  return doc.sections.map((s) => s.version);
}
