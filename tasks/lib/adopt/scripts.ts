/**
 * The repository's own scripts as release steps: the task-file rules and shell scripts a
 * command runs (`make publish`, `just upload`, `bash scripts/release.sh`, `./release.sh`),
 * and a task file's rules with their recipes. A Makefile is read as make reads it line by
 * line (rule headers, tab-indented recipe lines, `\` continuations); a justfile as just
 * reads it (recipe headers with parameters and dependencies, indented bodies); recipes and
 * scripts are shell, read by the shell reader. Pure, except that the shell parser loads on demand.
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

/**
 * A justfile recipe header, `[@]name params...: dependencies`: its name and the text after
 * the colon that ends the parameters (quoted defaults may hold colons; `:=` is an assignment).
 */
function justHeader(line: string): { name: string; after: string } | undefined {
  const m = /^@?([A-Za-z_][A-Za-z0-9_-]*)/.exec(line);
  if (!m) return undefined;
  let quote = "";
  for (let i = m[0].length; i < line.length; i++) {
    const c = line[i]!;
    if (quote) quote = c === quote ? "" : quote;
    else if (c === "'" || c === '"' || c === "`") quote = c;
    else if (c === ":") return line[i + 1] === "=" ? undefined : { name: m[1]!, after: line.slice(i + 1) };
  }
  return undefined;
}
/** Justfile lines that are not recipes: settings, aliases, exports, imports, modules. */
const JUST_STATEMENT = /^(set|alias|export|import|mod|unexport)\s/;

/** A justfile's dependencies: names, `(name args)` calls, and those after `&&` (run after the recipe). */
const justDependencies = (text: string) =>
  [...text.replace(/#.*$/, "").matchAll(/\(\s*([A-Za-z_][\w-]*)[^)]*\)|([A-Za-z_][\w-]*)/g)].map(
    (m) => (m[1] ?? m[2])!,
  );

/**
 * A justfile's recipes, as make rules: a header at the start of a line, then the indented
 * lines that follow (blank lines inside), without just's `@` and `-` line prefixes.
 */
export function justfileRules(text: string): MakeRule[] {
  const lines = text.split(/\r?\n/);
  const rules: MakeRule[] = [];
  let current: MakeRule | undefined;
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i]!;
    const start = i + 1;
    if (/^[ \t]/.test(l) && current) {
      while (l.endsWith("\\") && i + 1 < lines.length) l = `${l.slice(0, -1)} ${lines[++i]!.trim()}`;
      const cmd = l.trim().replace(/^[@-]+/, "");
      if (cmd) current.recipe.push({ text: cmd, line: start });
      current.end = i + 1;
      continue;
    }
    if (!l.trim() || (/^[ \t]/.test(l) && !current)) continue;
    const h = l.startsWith("#") || l.startsWith("[") || JUST_STATEMENT.test(l) ? undefined : justHeader(l);
    current = h
      ? { target: h.name, line: start, prerequisites: justDependencies(h.after), recipe: [], end: start }
      : undefined;
    if (current) rules.push(current);
  }
  return rules;
}

/** The names just reads (any case of `justfile`, and `.justfile`). */
export const isJustfile = (path: string) => /^\.?justfile$/i.test(posix.basename(path));
export const isMakefile = (path: string) => MAKEFILE_NAMES.includes(posix.basename(path));
/** A task file's rules, read by its runner's rules; none for any other file. */
export const taskRules = (path: string, text: string): MakeRule[] =>
  isJustfile(path) ? justfileRules(text) : isMakefile(path) ? makefileRules(text) : [];
/** The command that runs a task file's rules, as a report names it. */
export const taskRunner = (path: string) => (isJustfile(path) ? "just" : "make");

const SHELLS = new Set(["bash", "sh", "zsh"]);

/** The names GNU make reads, in the order it tries them. */
export const MAKEFILE_NAMES = ["GNUmakefile", "makefile", "Makefile"];

/** The makefile `make` reads in a folder (`Makefile` when none is listed). */
function makefileIn(dir: string, files: Readonly<Record<string, string>>): string {
  const paths = MAKEFILE_NAMES.map((n) => posix.join(dir, n));
  return paths.find((p) => p in files) ?? posix.join(dir, "Makefile");
}

/** The justfile `just` reads in a folder (`justfile` when none is listed). */
function justfileIn(dir: string, files: Readonly<Record<string, string>>): string {
  const found = Object.keys(files).find((p) => posix.dirname(p) === posix.normalize(dir) && isJustfile(p));
  return found ?? posix.join(dir, "justfile");
}

/** A rule and every rule the runner runs first for it (its prerequisites that are rules of the same file). */
function withPrerequisites(rule: string, path: string, text: string | undefined): string[] {
  const rules = text === undefined ? [] : taskRules(path, text);
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
      for (const r of rules) for (const x of withPrerequisites(r, file, files[file])) out.push(`${file}#${x}`);
    } else if (w0 === "just") out.push(...justTargets(w, files));
  }
  return [...new Set(out)];
}

/** `just [--justfile F] RECIPE [ARGS]...`: the recipes named (words that are recipes of the file) and their dependencies. */
function justTargets(w: readonly string[], files: Readonly<Record<string, string>>): string[] {
  const at = w.findIndex((x) => x === "--justfile" || x === "-f");
  const file = at >= 0 ? posix.normalize(w[at + 1] ?? "justfile") : justfileIn(".", files);
  const text = files[file];
  const names = new Set(text === undefined ? [] : justfileRules(text).map((r) => r.target));
  const recipes = w.slice(1).filter((x, i) => names.has(x) && w[i] !== "--justfile" && w[i] !== "-f");
  return recipes.flatMap((r) => withPrerequisites(r, file, text).map((x) => `${file}#${x}`));
}

/** The commands of the repository scripts and task-file rules that these commands run (one level). */
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
      ? taskRules(path, text)
          .filter((r) => r.target === rule)
          .flatMap((r) => r.recipe.map((x) => x.text))
      : [text];
    for (const s of scripts) for (const c of await shellCommands(s)) out.push([...c.words]);
  }
  return out;
}
