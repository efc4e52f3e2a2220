/**
 * Shell scripts (`run:` blocks, shell code blocks in docs) read with a real parser,
 * tree-sitter-bash, so only what the shell executes counts: heredoc bodies, strings,
 * comments and the arguments of `echo` are text, not commands. The WASM grammar is
 * loaded once, lazily, by the checks that need it.
 */
import { createRequire } from "node:module";
import { setFlagsFromString } from "node:v8";

export interface ShellCommand {
  /** the words of one simple command, quotes removed; a word with an expansion is `$X` */
  words: string[];
  /** 1-based line of the command in the script */
  line: number;
}

interface TsNode {
  type: string;
  text: string;
  startPosition: { row: number };
  namedChildren: (TsNode | null)[];
  childrenForFieldName?(name: string): (TsNode | null)[];
}

type Parse = (script: string) => TsNode;

let parser: Promise<Parse> | undefined;

/**
 * V8 compiles WebAssembly twice: at once with its baseline compiler, then again in the
 * background with its optimizing one, and Node waits for that background work before the
 * process may exit. For tree-sitter's bash grammar that kept every doctor run alive about
 * 0.4 s after its report, for a speed-up the few short scripts we parse never use.
 */
function baselineWasmOnly(): void {
  try {
    setFlagsFromString("--liftoff-only");
  } catch {
    /* a runtime without V8 flags (Deno's node:v8): the parse is the same, only the exit later */
  }
}

async function loadParser(): Promise<Parse> {
  baselineWasmOnly();
  const { Parser, Language } = await import("web-tree-sitter");
  await Parser.init();
  const wasm = createRequire(import.meta.url).resolve("tree-sitter-bash/tree-sitter-bash.wasm");
  const bash = await Language.load(wasm);
  const p = new Parser();
  p.setLanguage(bash);
  return (script) => p.parse(script)!.rootNode as unknown as TsNode;
}

/** A word as the shell passes it, or `$X` when it depends on an expansion. */
function wordText(n: TsNode): string {
  switch (n.type) {
    case "word":
    case "number":
      return n.text.replace(/\\(.)/g, "$1");
    case "raw_string":
      return n.text.slice(1, -1);
    case "string": {
      const parts = n.namedChildren.filter((c): c is TsNode => c !== null);
      if (parts.some((c) => c.type !== "string_content")) return "$X";
      return parts.map((c) => c.text).join("");
    }
    case "concatenation": {
      const parts = n.namedChildren.filter((c): c is TsNode => c !== null).map(wordText);
      return parts.some((p) => p.includes("$X")) ? "$X" : parts.join("");
    }
    default:
      return "$X";
  }
}

/** Where commands never live: text the shell does not execute. */
const TEXT_NODES = new Set(["heredoc_body", "comment", "string_content", "raw_string", "ansi_c_string"]);

function collect(n: TsNode, out: ShellCommand[]): void {
  if (TEXT_NODES.has(n.type)) return;
  if (n.type === "command") {
    const words: string[] = [];
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === "variable_assignment") words.push(`${c.text.split("=")[0]}=`);
      else if (c.type === "command_name") words.push(wordText(c.namedChildren[0] ?? c));
      else if (!c.type.endsWith("redirect") && c.type !== "comment") words.push(wordText(c));
    }
    if (words.length) out.push({ words, line: n.startPosition.row + 1 });
    // `$(…)` inside arguments runs too; a string's text does not.
  }
  // `> file` creates the file: recorded as `touch file` so later commands may run it.
  if (n.type === "file_redirect" && /^>/.test(n.text.trim())) {
    const dest = n.namedChildren.filter((c): c is TsNode => c !== null).at(-1);
    if (dest) out.push({ words: ["touch", wordText(dest)], line: n.startPosition.row + 1 });
  }
  for (const c of n.namedChildren) if (c) collect(c, out);
}

/** GitHub expressions are replaced before parsing: they are not shell syntax. */
export const withoutExpressions = (script: string) => script.replace(/\$\{\{[\s\S]*?\}\}/g, "$GH_EXPR");

// Scripts already read, by text: the same command comes back many times (in every doc that shows
// `npx tsx release.ts --dry-run`, in the steps of several workflows), and its reading depends on
// the text alone. Callers only read the result.
const known = new Map<string, Promise<readonly ShellCommand[]>>();

/** The simple commands a script executes, in order, nested ones included. */
export function shellCommands(script: string): Promise<readonly ShellCommand[]> {
  let commands = known.get(script);
  if (!commands) {
    parser ??= loadParser();
    commands = parser.then((parse) => {
      const out: ShellCommand[] = [];
      collect(parse(withoutExpressions(script)), out);
      return out;
    });
    known.set(script, commands);
    if (known.size > 5000) known.delete(known.keys().next().value!);
  }
  return commands;
}

/** The program a command runs after wrappers and assignments (`sudo`, `env X=1`, `time`). */
export function programOf(words: readonly string[]): { name: string; args: string[] } | undefined {
  let i = 0;
  while (i < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!) || WRAPPERS.has(words[i]!))) i++;
  const name = words[i];
  return name === undefined ? undefined : { name, args: words.slice(i + 1) };
}

const WRAPPERS = new Set(["sudo", "time", "exec", "env", "command", "nohup"]);
