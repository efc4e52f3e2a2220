/**
 * How a project's release docs say a release is tagged: the tag a `git tag` or
 * `gh release create` command in their code creates (`git tag -a 0.11.0`, `git tag
 * "v$VERSION"`), or a tag written as code in a sentence about tags ("tags are bare:
 * `0.11.0`"). Markdown is read with mdast (code is what the docs run or show; prose
 * around it is not read as commands). Adoption and the zero-config plan both ask this.
 */
import type { StatedTag } from "./tag-prefix.ts";

/**
 * The docs that say how releases are made, most specific first. A README is not one: its
 * examples often show how the project's users tag their own releases.
 */
const RELEASE_DOC_NAMES = /^(releas\w*|publish\w*|maintain\w*|contribut\w*|hacking|develop\w*)\.(md|markdown)$/i;

export function releaseDocs(paths: readonly string[]): string[] {
  const rank = (p: string): number => {
    const name = p.split("/").at(-1)!;
    const dir = p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "";
    const placed = dir === "" || dir === ".github" || dir === "docs" || dir.startsWith("docs/");
    if (!placed) return -1;
    if (RELEASE_DOC_NAMES.test(name)) return /^(releas|publish)/i.test(name) ? 0 : 1;
    if (dir.startsWith("docs") && /releas/i.test(name) && /\.(md|markdown)$/i.test(name)) return 0;
    return -1;
  };
  return paths.filter((p) => rank(p) >= 0).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** A version or a version placeholder, and what stands before it. */
const FORM =
  /^([\w./@-]{0,30}?)(\d+\.\d+(?:\.\d+)?(?:[-.+]?[0-9A-Za-z.]*)?|\$\{?[A-Za-z_]\w*\}?|<[^>]+>|\{\{?[^}]+\}?\}|[Xx]\.[Yy](?:\.[Zz])?|MAJOR\.MINOR\.PATCH)$/;

/** The prefix of a tag as the docs write it, or undefined when it is no version tag. */
export function formPrefix(word: string): string | undefined {
  const m = FORM.exec(word.replace(/^["']|["']$/g, ""));
  // A placeholder named after the tag (`$TAG`, `{tag}`) holds the whole tag: it says nothing about a prefix.
  if (!m || /tag/i.test(m[2]!)) return undefined;
  return m[1]!;
}

/** Shell words, quotes kept together (a token reader, not a shell). */
const words = (line: string) => [...line.replace(/^\s*[$>#]\s+/, "").matchAll(/"[^"]*"|'[^']*'|\S+/g)].map((m) => m[0]);

const VALUE_OPTIONS = new Set(["-m", "--message", "-u", "--local-user", "-F", "--file", "--cleanup", "-n"]);
const NOT_CREATING = new Set(["-l", "--list", "-d", "--delete", "-v", "--verify", "--contains", "--points-at"]);

/** The tag a command line creates: `git tag [options] TAG`, `gh release create TAG`. */
export function taggedBy(line: string): string | undefined {
  const w = words(line);
  for (let i = 0; i < w.length; i++) {
    const rest =
      w[i] === "git" && w[i + 1] === "tag"
        ? w.slice(i + 2)
        : w[i] === "gh" && w[i + 1] === "release" && w[i + 2] === "create"
          ? w.slice(i + 3)
          : undefined;
    if (!rest) continue;
    for (let j = 0; j < rest.length; j++) {
      const a = rest[j]!;
      if (NOT_CREATING.has(a)) return undefined;
      if (VALUE_OPTIONS.has(a)) j++;
      else if (!a.startsWith("-")) return a.replace(/^["']|["']$/g, "");
    }
  }
  return undefined;
}

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  position?: { start: { line: number } };
}

const textOf = (n: MdNode): string => n.value ?? (n.children ?? []).map(textOf).join("");

/** What one Markdown document states, in document order. */
async function statementsOf(path: string, text: string): Promise<StatedTag[]> {
  const { fromMarkdown } = await import("mdast-util-from-markdown");
  const out: StatedTag[] = [];
  const visit = (n: MdNode, paragraph?: MdNode) => {
    const line = n.position?.start.line ?? 0;
    if (n.type === "code" || n.type === "inlineCode") {
      const lines = (n.value ?? "").split("\n");
      lines.forEach((l, i) => {
        const tag = taggedBy(l);
        const prefix = tag === undefined ? undefined : formPrefix(tag);
        if (prefix !== undefined)
          out.push({ prefix, where: `${path}:${line + (n.type === "code" ? i + 1 : 0)}`, text: tag! });
      });
      // A tag written as code in a sentence about tags: "tags are bare versions (`0.11.0`)".
      if (n.type === "inlineCode" && paragraph && /\btag(s|ged|ging)?\b/i.test(textOf(paragraph))) {
        const prefix = formPrefix(n.value ?? "");
        if (prefix !== undefined && !/^\d+\.\d+$/.test(n.value ?? ""))
          out.push({ prefix, where: `${path}:${line}`, text: n.value! });
      }
      return;
    }
    for (const c of n.children ?? []) visit(c, n.type === "paragraph" || n.type === "listItem" ? n : paragraph);
  };
  visit(fromMarkdown(text) as MdNode);
  return out;
}

/** The first statement of the release docs (given in `releaseDocs` order), if any says how tags read. */
export async function statedTag(docs: readonly { path: string; text: string }[]): Promise<StatedTag | undefined> {
  for (const d of docs) {
    const [first] = await statementsOf(d.path, d.text);
    if (first) return first;
  }
  return undefined;
}
