/**
 * Every relative link of README.md and docs/*.md resolves: the file exists and, where the
 * link names an anchor, the target page has a heading GitHub gives that anchor. Links are
 * read with the Markdown parser (code spans and blocks hold none), anchors made with
 * GitHub's own slug rules (github-slugger), so a heading renamed or a page moved fails here.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { test } from "node:test";
import GithubSlugger from "github-slugger";
import type { Nodes } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { toString as textOf } from "mdast-util-to-string";

const ROOT = join(import.meta.dirname, "..", "..");

/** The project's own documentation: the README and every page under docs/. */
export function documentationFiles(root = ROOT): string[] {
  const docs = join(root, "docs");
  return [
    join(root, "README.md"),
    ...readdirSync(docs)
      .filter((f) => f.endsWith(".md"))
      .sort()
      .map((f) => join(docs, f)),
  ];
}

function walk(node: Nodes, visit: (n: Nodes) => void): void {
  visit(node);
  if ("children" in node) for (const child of node.children) walk(child, visit);
}

interface Link {
  url: string;
  line: number;
}

/** Every link and link definition whose target is in this repository (no scheme, no `//`). */
export function relativeLinks(markdown: string): Link[] {
  const links: Link[] = [];
  walk(fromMarkdown(markdown), (n) => {
    if ((n.type === "link" || n.type === "definition") && !/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(n.url))
      links.push({ url: n.url, line: n.position?.start.line ?? 0 });
  });
  return links;
}

/** The anchors GitHub gives a page's headings, in order (a repeated heading gets `-1`, `-2`...). */
export function anchorsOf(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  walk(fromMarkdown(markdown), (n) => {
    if (n.type === "heading") anchors.add(slugger.slug(textOf(n)));
  });
  return anchors;
}

/** What is wrong with each relative link of `file`: a missing file, or an anchor its page lacks. */
export function brokenLinks(file: string, root = ROOT): string[] {
  const problems: string[] = [];
  for (const { url, line } of relativeLinks(readFileSync(file, "utf8"))) {
    const [pathPart = "", anchor] = url.split("#", 2) as [string, string | undefined];
    const target = pathPart === "" ? file : join(dirname(file), decodeURIComponent(pathPart));
    const where = `${relative(root, file)}:${line} → ${url}`;
    if (!existsSync(target)) problems.push(`${where}: no such file`);
    else if (anchor !== undefined && anchor !== "") {
      if (statSync(target).isDirectory() || !target.endsWith(".md")) problems.push(`${where}: an anchor in a non-page`);
      else if (!anchorsOf(readFileSync(target, "utf8")).has(decodeURIComponent(anchor)))
        problems.push(`${where}: ${relative(root, target)} has no heading with that anchor`);
    }
  }
  return problems;
}

test("anchors follow GitHub's rules: code kept as text, punctuation dropped, repeats numbered", () => {
  const anchors = anchorsOf(
    "# The release cut: `tsx release.ts`\n\n## Rehearsing: `--rehearse`\n\n## Flags\n\n## Flags\n\n## Evaluation (2026-12-07)\n",
  );
  assert.deepEqual(
    [...anchors],
    ["the-release-cut-tsx-releasets", "rehearsing---rehearse", "flags", "flags-1", "evaluation-2026-12-07"],
  );
});

test("a link inside code is no link; an absolute URL is not checked", () => {
  const links = relativeLinks(
    "See [a](docs/a.md#x) and [b][ref].\n\n`[c](nope.md)`\n\n```md\n[d](nope.md)\n```\n\n[e](https://example.org/x.md)\n\n[ref]: b.md\n",
  );
  assert.deepEqual(
    links.map((l) => l.url),
    ["docs/a.md#x", "b.md"],
  );
});

test("every relative link of README.md and docs/*.md resolves, anchors included", () => {
  const files = documentationFiles();
  assert.ok(files.length > 5, "the docs folder holds the reference pages");
  assert.deepEqual(
    files.flatMap((f) => brokenLinks(f)),
    [],
  );
});

test("every page under docs/ is reachable from the README", () => {
  const readme = join(ROOT, "README.md");
  const linked = new Set(
    relativeLinks(readFileSync(readme, "utf8")).map((l) => join(ROOT, decodeURIComponent(l.url.split("#")[0]!))),
  );
  assert.deepEqual(
    documentationFiles()
      .filter((f) => f !== readme && !linked.has(f))
      .map((f) => relative(ROOT, f)),
    [],
  );
});
