/**
 * A Markdown file read with a real parser (mdast, with GitHub's tables): fenced code
 * blocks with their language, inline code spans, and the prose as sentences — list
 * items carry the sentence that introduces their list, table rows are read as one
 * sentence. The parser is imported lazily; the result is plain data.
 */
import type { Nodes, Parent, Root, RootContent } from "mdast";
import type { Extension as MdastExtension } from "mdast-util-from-markdown";

export interface CodeBlock {
  /** the fence's language, lower-cased ("" when unlabelled) */
  lang: string;
  value: string;
  /** line of the first line of code (after the fence) */
  line: number;
}

export interface CodeSpan {
  value: string;
  line: number;
  /**
   * "command" when the Markdown makes it one: it leads a list item (a command list) or is
   * what a sentence tells the reader to run ("Run `x`", "then `y`"); "mention" when a
   * sentence only names it (an example in a paragraph about the layout).
   */
  role: "command" | "mention";
}

export interface Sentence {
  text: string;
  line: number;
  /** for a list item: the sentence that introduced its list (already part of `text`) */
  leadIn?: string;
}

export interface Heading {
  depth: number;
  text: string;
  line: number;
}

export interface MarkdownDoc {
  blocks: CodeBlock[];
  spans: CodeSpan[];
  sentences: Sentence[];
  headings: Heading[];
}

const lineOf = (n: { position?: { start: { line: number } } }) => n.position?.start.line ?? 0;

/** Prose text of a node: inline code kept in backticks (so `release.ts` stays a name), HTML dropped. */
function prose(n: Nodes): string {
  if (n.type === "text") return n.value;
  if (n.type === "inlineCode") return `\`${n.value}\``;
  if (n.type === "html" || n.type === "code") return "";
  if (n.type === "break") return " ";
  if ("children" in n) return (n.children as Nodes[]).map(prose).join("");
  return "";
}

/** Split a paragraph into sentences (a period, `!` or `?` followed by a space and a capital or a quote). */
export function splitSentences(text: string): string[] {
  return text
    .replace(/\s+/g, " ")
    .split(/(?<=[.!?])\s+(?=[A-Z"'`(])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The line where a sentence starts inside its paragraph (the paragraph's first line if not found). */
function lineIn(lines: readonly string[], n: RootContent, sentence: string): number {
  const start = lineOf(n);
  const end = n.position?.end.line ?? start;
  const head = sentence.replace(/`/g, "").slice(0, 12);
  for (let l = start; l <= end; l++) if (lines[l - 1]?.replace(/`/g, "").includes(head)) return l;
  return start;
}

function walk(node: Parent, doc: MarkdownDoc, leadIn: string, lines: readonly string[]): void {
  let previous = "";
  for (const child of node.children as RootContent[]) {
    switch (child.type) {
      case "code": {
        // a fenced block's code starts on the line after its fence; an indented block's on its own line
        const fenced = /^ {0,3}(`{3,}|~{3,})/.test(lines[lineOf(child) - 1] ?? "");
        doc.blocks.push({
          lang: (child.lang ?? "").toLowerCase(),
          value: child.value,
          line: lineOf(child) + (fenced ? 1 : 0),
        });
        break;
      }
      case "heading": {
        const text = prose(child).trim();
        doc.headings.push({ depth: child.depth, text, line: lineOf(child) });
        doc.sentences.push({ text, line: lineOf(child) });
        previous = text;
        break;
      }
      case "paragraph": {
        const parts = splitSentences(prose(child));
        // A list item's paragraph is read with the sentence that introduced the list.
        for (const s of parts)
          doc.sentences.push(
            leadIn
              ? { text: `${leadIn} ${s}`, line: lineIn(lines, child, s), leadIn }
              : { text: s, line: lineIn(lines, child, s) },
          );
        previous = parts.at(-1) ?? "";
        break;
      }
      case "list":
        for (const item of child.children) walk(item, doc, /:\s*$/.test(previous) ? previous : leadIn, lines);
        break;
      case "table":
        for (const row of child.children)
          doc.sentences.push({ text: row.children.map((c) => prose(c).trim()).join(" | "), line: lineOf(row) });
        break;
      case "blockquote":
        walk(child, doc, leadIn, lines);
        break;
      default:
        break;
    }
  }
}

/** Words that tell the reader to run what follows ("Run `x`", "then `y`", "with `z`"). */
const RUN_BEFORE =
  /(?:^|\b)(?:run|running|execute|invoke|call|launch|type|source|then|with|via|using)\s*(?:the\s+(?:command|script)\s*)?:?\s*$/i;
/** A sentence that is itself an instruction to run something. */
const IMPERATIVE =
  /^\s*(?:then\s+|first\s+|next\s+|now\s+|finally\s+|please\s+)?(?:run|execute|invoke|call|launch|type|source)\b/i;

/** The role of each code span of a paragraph, from where it sits in the Markdown. */
function paragraphSpans(p: Parent, doc: MarkdownDoc, leadsItem: boolean): void {
  let before = "";
  (p.children as Nodes[]).forEach((c, i) => {
    if (c.type === "inlineCode") {
      const sentence = before.split(/[.!?]\s+/).at(-1) ?? "";
      const command = (leadsItem && i === 0) || RUN_BEFORE.test(before) || IMPERATIVE.test(sentence);
      doc.spans.push({ value: c.value.trim(), line: lineOf(c), role: command ? "command" : "mention" });
    } else if ("children" in c) collectSpans(c as Parent, doc);
    before += prose(c);
  });
}

/** Every inline code span, wherever it is (paragraphs, lists, tables, quotes). */
function collectSpans(node: Parent, doc: MarkdownDoc): void {
  (node.children as Nodes[]).forEach((c, i) => {
    if (c.type === "paragraph") paragraphSpans(c, doc, node.type === "listItem" && i === 0);
    else if (c.type === "tableCell" && c.children.length === 1 && c.children[0]!.type === "inlineCode") {
      // A cell that is one invocation (`npx tsx release.ts --yes`) is a command table's; a lone path is a list of files.
      const value = c.children[0].value.trim();
      doc.spans.push({ value, line: lineOf(c.children[0]), role: /\s/.test(value) ? "command" : "mention" });
    } else if (c.type === "inlineCode") doc.spans.push({ value: c.value.trim(), line: lineOf(c), role: "mention" });
    else if ("children" in c) collectSpans(c as Parent, doc);
  });
}

let parser: Promise<(text: string) => Root> | undefined;

/**
 * GitHub's tables into mdast (tables, rows, cells), over the table syntax of
 * `micromark-extension-gfm-table`. Of GFM only tables change what the checks read: a row
 * is one sentence. The rest (strikethrough, autolinks, footnotes, task items) only
 * reshapes text, and `mdast-util-gfm` would also load the 50 modules of its serializer.
 */
type Handle = NonNullable<MdastExtension["exit"]>[string];
const enterCell: Handle = function (token) {
  this.enter({ type: "tableCell", children: [] }, token);
};
const close: Handle = function (token) {
  this.exit(token);
};

const tableFromMarkdown: MdastExtension = {
  enter: {
    table(token) {
      this.enter({ type: "table", align: [], children: [] }, token);
    },
    tableRow(token) {
      this.enter({ type: "tableRow", children: [] }, token);
    },
    tableHeader: enterCell,
    tableData: enterCell,
  },
  exit: { table: close, tableRow: close, tableHeader: close, tableData: close },
};

// Loaded once: an `import()` per document costs a round trip to the module loader each time
// (200 docs, 600 imports), and the extensions are the same for every document.
async function loadParser(): Promise<(text: string) => Root> {
  const [{ fromMarkdown }, { gfmTable }] = await Promise.all([
    import("mdast-util-from-markdown"),
    import("micromark-extension-gfm-table"),
  ]);
  const options = { extensions: [gfmTable()], mdastExtensions: [tableFromMarkdown] };
  return (text) => fromMarkdown(text, options);
}

/** The Markdown's syntax tree (mdast, with GitHub's tables), from the one parser every reader shares. */
export async function markdownTree(text: string): Promise<Root> {
  parser ??= loadParser();
  return (await parser)(text);
}

/** Parse Markdown into code and sentences (front matter is left as text; it names no commands). */
export async function readMarkdown(text: string): Promise<MarkdownDoc> {
  const tree = await markdownTree(text);
  const doc: MarkdownDoc = { blocks: [], spans: [], sentences: [], headings: [] };
  walk(tree, doc, "", text.split(/\r?\n/));
  collectSpans(tree, doc);
  return doc;
}

/**
 * The line ranges of the sections whose heading matches `heading` (to the next heading
 * of the same or a higher level), e.g. a README's "Releasing" section.
 */
export function sectionRanges(doc: MarkdownDoc, heading: RegExp): [number, number][] {
  const out: [number, number][] = [];
  doc.headings.forEach((h, i) => {
    // A level-1 heading is the document's title: it names the project (say
    // `semantic-release`), not a section about releasing.
    if (h.depth < 2 || !heading.test(h.text)) return;
    const next = doc.headings.slice(i + 1).find((n) => n.depth <= h.depth);
    out.push([h.line, next ? next.line - 1 : Number.MAX_SAFE_INTEGER]);
  });
  return out;
}

/** Keep only what lies in the ranges (every part when `ranges` is undefined). */
export function within(doc: MarkdownDoc, ranges: [number, number][] | undefined): MarkdownDoc {
  if (!ranges) return doc;
  const inside = (line: number) => ranges.some(([a, b]) => line >= a && line <= b);
  return {
    blocks: doc.blocks.filter((b) => inside(b.line)),
    spans: doc.spans.filter((s) => inside(s.line)),
    sentences: doc.sentences.filter((s) => inside(s.line)),
    headings: doc.headings.filter((h) => inside(h.line)),
  };
}
