/**
 * Docs and helper prompts that still describe the old release flow: the release
 * scripts they tell the operator to run (found in their code), every line naming
 * one, and prose that leaves the release to CI. It reads `RepositoryFacts` with the
 * doctor's own Markdown reader and stale-flow rule, so adoption and `docs.stale-flow` agree.
 */
import { posix } from "node:path";
import { readMarkdown } from "../docs/markdown.ts";
import { blockScript } from "../docs/scan.ts";
import { staleFlowSentences } from "../docs/stale-flow.ts";
import type { RepositoryFacts } from "./facts.ts";

export interface StaleLine {
  doc: string;
  line: number;
  text: string;
  why: string;
}

export interface OldFlow {
  /** release scripts and tools the docs run (not the toolkit's) */
  scripts: { name: string; doc: string; line: number }[];
  lines: StaleLine[];
}

const SCRIPT = /(?:^|[\s"'`(=])((?:\.\/)?[\w.-]+(?:\/[\w.-]+)*\.(?:sh|py|js|mjs|ts|rb|ps1))\b/g;
const RELEASE_WORD = /release|publish|bump|deploy|ship/i;
const RUNS = /^(?:\.\/|(?:bash|sh|zsh|python3?|uv\s+run|node|npx|tsx|deno|pwsh|ruby)\s)/;
const TOOLS = /\b(bump2version|bumpversion|bump-my-version|semantic-release|release-it|standard-version)\b/;

export async function findOldFlow(
  facts: RepositoryFacts,
  opts: { toolkitDir: string; skip?: (path: string) => boolean },
): Promise<OldFlow> {
  const toolkit = opts.toolkitDir === "." ? undefined : `${opts.toolkitDir}/`;
  const docs = Object.entries(facts.files).filter(
    ([p]) =>
      /\.(md|markdown)$/i.test(p) &&
      !/(^|\/)(CHANGELOG|CHANGES|HISTORY)[^/]*$/i.test(p) &&
      !(toolkit && p.startsWith(toolkit)) &&
      !opts.skip?.(p),
  );
  const scripts: OldFlow["scripts"] = [];
  const ours = (w: string) => {
    const p = w.replace(/^\.\//, "");
    return p === "release.ts" || p.startsWith("tasks/") || (toolkit !== undefined && p.startsWith(toolkit));
  };
  const parsed = new Map(await Promise.all(docs.map(async ([doc, text]) => [doc, await readMarkdown(text)] as const)));
  for (const [doc] of docs) {
    const md = parsed.get(doc)!;
    const snippets = [
      ...md.blocks.flatMap((b) =>
        (blockScript(b) ?? "")
          .split("\n")
          .map((text, i) => ({ kind: "block" as const, text, line: b.line + i }))
          .filter((s) => s.text.trim()),
      ),
      ...md.spans.map((s) => ({ kind: "span" as const, text: s.value, line: s.line })),
    ];
    for (const s of snippets) {
      // Only code that runs something: a block line, or a span that is a command (not a path cited in prose).
      if (s.kind === "span" && !RUNS.test(s.text)) continue;
      for (const m of s.text.matchAll(SCRIPT)) {
        const name = m[1]!.replace(/^\.\//, "");
        if (RELEASE_WORD.test(posix.basename(name)) && !ours(name) && !scripts.some((x) => x.name === name))
          scripts.push({ name, doc, line: s.line });
      }
      const tool = TOOLS.exec(s.text)?.[1];
      if (tool && !scripts.some((x) => x.name === tool)) scripts.push({ name: tool, doc, line: s.line });
    }
  }
  const lines: StaleLine[] = [];
  for (const [doc, text] of docs) {
    const all = text.split(/\r?\n/);
    all.forEach((t, i) => {
      const named = scripts.find(
        (s) => t.includes(s.name) || (s.name.includes("/") && t.includes(posix.basename(s.name))),
      );
      if (named) lines.push({ doc, line: i + 1, text: t.trim(), why: `names ${named.name}` });
    });
    for (const f of staleFlowSentences(parsed.get(doc)!.sentences, all))
      if (!lines.some((l) => l.doc === doc && l.line === f.line))
        lines.push({ doc, line: f.line, text: f.text, why: "leaves the release to CI" });
  }
  lines.sort((a, b) => a.doc.localeCompare(b.doc) || a.line - b.line);
  return { scripts, lines };
}
