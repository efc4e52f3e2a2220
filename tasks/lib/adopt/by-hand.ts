/**
 * Publishers and release tools a person runs, which no workflow runs: Makefile rules
 * (under any name make reads), justfile recipes, shell scripts, and the release docs' code (a maintainer's
 * written procedure: `hatch publish`, `twine upload`). Read with the shell reader through
 * the release-tools catalog. From the docs only package publishers count, never the
 * project's own commands (its docs then document the product). Pure, except that the
 * shell and Markdown parsers load on demand.
 */
import { releaseDocs } from "../core/config/stated-tag.ts";
import { blockScript } from "../docs/scan.ts";
import { toolUses, versionBumps } from "../workflows/release-tools.ts";
import { classify, found, type FoundTool, type Site } from "./found-tool.ts";
import { isJustfile, isMakefile, taskRules } from "./scripts.ts";
import { productCommands } from "./tool-configs.ts";

interface Texts {
  paths: readonly string[];
  files: Readonly<Record<string, string>>;
}

const NOTHING_BUILT = { app: false, cli: false };

type Scan = (script: string, where: (line: number) => Site) => Promise<void>;

/** Every use of one script's commands, each at its line; bumps judged against the whole script. */
function scanner(out: FoundTool[], only?: (tool: FoundTool) => boolean): Scan {
  return async (script, where) => {
    const { shellCommands } = await import("../workflows/shell.ts");
    const commands = await shellCommands(script);
    const all = commands.map((c) => c.words);
    for (const c of commands) {
      const ctx = { env: {}, commands: [c.words], startedOnlyByRelease: false };
      const uses = toolUses({ with: {}, env: {} }, ctx).map((u) => found(u, classify(u, NOTHING_BUILT), where(c.line)));
      const bumps = versionBumps([c.words], all).map((u) =>
        found(u, { role: "bumps", targets: ["release"] }, where(c.line)),
      );
      out.push(...[...uses, ...bumps].filter((t) => !only || only(t)));
    }
  };
}

/** A doc's placeholders (`<auth-token>`, `<test|main>`) read as one word each, not as redirections. */
const placeholdersAsWords = (code: string) => code.replace(/<[^<>\s]+>/g, "VALUE");

/** The code a release doc tells a person to run: its shell blocks and the spans it gives as commands. */
async function docCode(text: string): Promise<{ code: string; line: number }[]> {
  const { readMarkdown } = await import("../docs/markdown.ts");
  const md = await readMarkdown(text);
  return [
    ...md.blocks.flatMap((b) => {
      const code = blockScript(b);
      return code === undefined ? [] : [{ code, line: b.line }];
    }),
    ...md.spans.filter((s) => s.role === "command").map((s) => ({ code: s.value, line: s.line })),
  ];
}

/**
 * Makefile rules, justfile recipes and shell scripts that publish or release, which `runElsewhere` does not
 * claim (a workflow runs them, a release tool's configuration runs them, or they are an
 * action's product), and the package publishers the release docs tell a person to run.
 */
export async function handTools(texts: Texts, runElsewhere: (target: string) => boolean): Promise<FoundTool[]> {
  const out: FoundTool[] = [];
  const scan = scanner(out);
  for (const [path, text] of Object.entries(texts.files)) {
    if (isMakefile(path) || isJustfile(path))
      for (const rule of taskRules(path, text)) {
        if (runElsewhere(`${path}#${rule.target}`)) continue;
        const script = rule.recipe.map((r) => r.text).join("\n");
        const lines = rule.recipe.map((r) => r.line);
        await scan(script, (line) => ({
          kind: "makefile",
          path,
          rule: rule.target,
          line: lines[line - 1] ?? rule.line,
        }));
      }
    if (/\.(sh|bash)$/.test(path) && !runElsewhere(path)) await scan(text, (line) => ({ kind: "script", path, line }));
  }
  const own = productCommands(texts.files);
  const docScan = scanner(out, (t) => t.role === "publishes" && !own.has(t.tool.split(" ")[0]!));
  for (const path of releaseDocs(texts.paths)) {
    const text = texts.files[path];
    if (text === undefined) continue;
    for (const { code, line } of await docCode(text))
      await docScan(placeholdersAsWords(code), (at) => ({ kind: "doc", path, line: line + at - 1 }));
  }
  return out;
}
