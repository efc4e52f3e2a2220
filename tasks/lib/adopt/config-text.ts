/**
 * The text of `release.config.ts` as adoption writes it: every value with a short
 * comment saying where it came from, then the questions left to answer and the facts
 * the schema cannot express yet. Pure; the same values always give the same bytes.
 */
import { posix } from "node:path";
import type { Question, Suggestion } from "./infer.ts";

export const ADOPT_HEADER = /^\/\/ Written by \S*adopt\.ts\b/;

export const isAdoptWritten = (text: string): boolean => ADOPT_HEADER.test(text.split("\n", 1)[0] ?? "");

export interface ConfigText {
  tree: Record<string, unknown>;
  /** dotted key → the comment above it */
  sources: ReadonlyMap<string, string>;
  questions: readonly Question[];
  suggestions: readonly Suggestion[];
  toolkitDir: string;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;
const key = (k: string) => (IDENT.test(k) ? k : JSON.stringify(k));
const isPlain = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** A value on one line when it fits, else spread over lines. */
function literal(value: unknown, indent: string, width: number): string {
  const inline = oneLine(value);
  if (inline.length + indent.length <= width) return inline;
  const inner = indent + "  ";
  if (Array.isArray(value))
    return `[\n${value.map((v) => `${inner}${literal(v, inner, width)},`).join("\n")}\n${indent}]`;
  if (isPlain(value))
    return `{\n${Object.entries(value)
      .map(([k, v]) => `${inner}${key(k)}: ${literal(v, inner, width)},`)
      .join("\n")}\n${indent}}`;
  return inline;
}

function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(", ")}]`;
  if (isPlain(value)) {
    const body = Object.entries(value).map(([k, v]) => `${key(k)}: ${oneLine(v)}`);
    return body.length ? `{ ${body.join(", ")} }` : "{}";
  }
  return JSON.stringify(value);
}

function body(
  tree: Record<string, unknown>,
  sources: ReadonlyMap<string, string>,
  path: string[],
  indent: string,
): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(tree)) {
    const dotted = [...path, k].join(".");
    const source = sources.get(dotted);
    if (source) out.push(`${indent}// ${source}`);
    if (isPlain(v) && !source) {
      out.push(`${indent}${key(k)}: {`, ...body(v, sources, [...path, k], indent + "  "), `${indent}},`);
    } else out.push(`${indent}${key(k)}: ${literal(v, indent, 120 - key(k).length - 3)},`);
  }
  return out;
}

const SUGGESTIONS_HEADING = "// Facts the config cannot express yet (for the keys the next toolkit versions add):";
const suggestionLine = (s: Suggestion) => `// - [${s.topic}] ${s.fact} (from ${s.source})`;

/** The suggestions a config this module wrote lists (a rerun keeps those whose evidence is gone). */
export function previousSuggestions(text: string): Suggestion[] {
  if (!isAdoptWritten(text)) return [];
  const at = text.indexOf(SUGGESTIONS_HEADING);
  if (at < 0) return [];
  const out: Suggestion[] = [];
  for (const line of text.slice(at + SUGGESTIONS_HEADING.length).split("\n")) {
    const m = /^\/\/ - \[(.+?)\] (.*) \(from (.*)\)$/.exec(line);
    if (m) out.push({ topic: m[1]!, fact: m[2]!, source: m[3]! });
    else if (line.trim()) break;
  }
  return out;
}

/**
 * The previous suggestions still true (found again, or `kept`: their evidence is gone), in
 * their previous order, then the new ones; each line once. A rerun therefore repeats the text.
 */
export function unionSuggestions(
  previous: readonly Suggestion[],
  now: readonly Suggestion[],
  kept: (s: Suggestion) => boolean = () => true,
): Suggestion[] {
  const current = new Set(now.map(suggestionLine));
  const seen = new Set<string>();
  return [...previous.filter((s) => current.has(suggestionLine(s)) || kept(s)), ...now].filter((s) => {
    const line = suggestionLine(s);
    if (seen.has(line)) return false;
    seen.add(line);
    return true;
  });
}

export function renderConfigText(input: ConfigText): string {
  const entry = posix.join(input.toolkitDir, "tasks/adopt.ts");
  const types = `./${posix.join(input.toolkitDir, "tasks/lib/core/config/index.ts")}`;
  const lines = [
    `// Written by ${entry} from what the repository holds; each value says where it came from.`,
    "// Edit anything: rerunning adoption keeps your values and only adds keys it newly infers.",
    `import type { ReleaseConfigInput } from "${types}";`,
    "",
    "export default {",
    ...body(input.tree, input.sources, [], "  "),
    "} satisfies ReleaseConfigInput;",
  ];
  if (input.questions.length) {
    lines.push("", "// Questions adoption could not answer (answer each in the values above, then delete it here):");
    for (const q of input.questions) lines.push(`// - ${q.key}: ${q.question}`);
  }
  if (input.suggestions.length) {
    lines.push("", SUGGESTIONS_HEADING);
    for (const s of input.suggestions) lines.push(suggestionLine(s));
  }
  return lines.join("\n") + "\n";
}

/**
 * The comment above each key of a config this module wrote (dotted key → comment), so a
 * rerun keeps the source of a value whose evidence is gone (a hand-written workflow
 * that adoption replaced). Reads only the layout `renderConfigText` produces.
 */
export function previousSources(text: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!isAdoptWritten(text)) return out;
  const stack: (string | undefined)[] = [];
  let pending: string | undefined;
  let inBody = false;
  for (const line of text.split("\n")) {
    if (!inBody) {
      inBody = /^export default \{$/.test(line);
      continue;
    }
    if (/^\} satisfies/.test(line)) break;
    const comment = /^\s*\/\/ (.*)$/.exec(line);
    if (comment) {
      pending = comment[1];
      continue;
    }
    const m = /^\s*("(?:[^"\\]|\\.)*"|[A-Za-z_$][\w$]*):\s/.exec(line);
    const k = m ? (m[1]!.startsWith('"') ? (JSON.parse(m[1]!) as string) : m[1]!) : undefined;
    if (k !== undefined && pending !== undefined)
      out.set([...stack.filter((s) => s !== undefined), k].join("."), pending);
    pending = undefined;
    if (/\{$/.test(line)) stack.push(k);
    else if (/^\s*\}/.test(line)) stack.pop();
  }
  return out;
}
