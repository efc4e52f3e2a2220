/**
 * The repository's own scripts as release steps: the Makefile rules and shell scripts a
 * command runs (`make publish`, `bash scripts/release.sh`, `./release.sh`), and a
 * Makefile's rules with their recipes. A Makefile is read as make reads it line by line
 * (rule headers, tab-indented recipe lines, `\` continuations); recipes and scripts are
 * shell, read by the shell reader. Pure, except that the shell parser loads on demand.
 */
import { posix } from "node:path";

export interface MakeRule {
  target: string;
  /** header line, 1-based */
  line: number;
  prerequisites: string[];
  /** recipe lines without make's `@`, `-`, `+` prefixes */
  recipe: { text: string; line: number }[];
  /** the last line of the rule (its recipe's, or the header's) */
  end: number;
}

const HEADER = /^([A-Za-z0-9_.\/%-]+(?:\s+[A-Za-z0-9_.\/%-]+)*)\s*:(?![=:]?=)(.*)$/;

export function makefileRules(text: string): MakeRule[] {
  const lines = text.split(/\r?\n/);
  const rules: MakeRule[] = [];
  let current: MakeRule[] = [];
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i]!;
    const start = i + 1;
    while (l.endsWith("\\") && i + 1 < lines.length) l = `${l.slice(0, -1)} ${lines[++i]!.trim()}`;
    if (l.startsWith("\t")) {
      const cmd = l
        .slice(1)
        .replace(/^[@+-]+/, "")
        .trim();
      for (const r of current) {
        if (cmd) r.recipe.push({ text: cmd, line: start });
        r.end = i + 1;
      }
      continue;
    }
    if (!l.trim() || l.trimStart().startsWith("#")) continue;
    const m = HEADER.exec(l);
    if (!m || m[1]!.startsWith(".")) {
      current = [];
      continue;
    }
    const prerequisites = m[2]!.split(";")[0]!.trim().split(/\s+/).filter(Boolean);
    current = m[1]!.split(/\s+/).map((target) => ({ target, line: start, prerequisites, recipe: [], end: start }));
    rules.push(...current);
  }
  return rules;
}

const SHELLS = new Set(["bash", "sh", "zsh"]);

/** The names GNU make reads, in the order it tries them. */
export const MAKEFILE_NAMES = ["GNUmakefile", "makefile", "Makefile"];

/** The makefile `make` reads in a folder (`Makefile` when none is listed). */
function makefileIn(dir: string, files: Readonly<Record<string, string>>): string {
  const paths = MAKEFILE_NAMES.map((n) => posix.join(dir, n));
  return paths.find((p) => p in files) ?? posix.join(dir, "Makefile");
}

/** A rule and every rule make runs first for it (its prerequisites that are rules of the same file). */
function withPrerequisites(rule: string, text: string | undefined): string[] {
  const rules = text === undefined ? [] : makefileRules(text);
  const out = [rule];
  for (let i = 0; i < out.length; i++)
    for (const r of rules.filter((x) => x.target === out[i]))
      for (const p of r.prerequisites) if (!out.includes(p) && rules.some((x) => x.target === p)) out.push(p);
  return out;
}

/**
 * What a list of commands runs of the repository: script paths and `makefile#rule` for
 * `make RULE` and the rules it needs first (with `-C DIR`, that folder's makefile).
 */
export function scriptTargets(
  commands: readonly (readonly string[])[],
  files: Readonly<Record<string, string>> = {},
): string[] {
  const out: string[] = [];
  for (const w of commands) {
    const [w0, w1] = w;
    if (w0 && SHELLS.has(w0) && w1 && !w1.startsWith("-")) out.push(posix.normalize(w1));
    else if (w0 && /^\.\/[\w./-]+$/.test(w0)) out.push(posix.normalize(w0));
    else if (w0 === "make") {
      const at = w.indexOf("-C");
      const dir = at >= 0 ? (w[at + 1] ?? ".") : ".";
      const rules = w.slice(1).filter((a, i) => !a.startsWith("-") && w[i] !== "-C" && !a.includes("="));
      const file = makefileIn(dir, files);
      for (const r of rules) for (const x of withPrerequisites(r, files[file])) out.push(`${file}#${x}`);
    }
  }
  return [...new Set(out)];
}

/** The commands of the repository scripts and Makefile rules that these commands run (one level). */
export async function scriptsRun(
  commands: readonly (readonly string[])[],
  files: Readonly<Record<string, string>>,
): Promise<string[][]> {
  const { shellCommands } = await import("../workflows/shell.ts");
  const out: string[][] = [];
  for (const target of scriptTargets(commands, files)) {
    const [path, rule] = target.split("#") as [string, string | undefined];
    const text = files[path];
    if (text === undefined) continue;
    const scripts = rule
      ? makefileRules(text)
          .filter((r) => r.target === rule)
          .flatMap((r) => r.recipe.map((x) => x.text))
      : [text];
    for (const s of scripts) for (const c of await shellCommands(s)) out.push([...c.words]);
  }
  return out;
}
