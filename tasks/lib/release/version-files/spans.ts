/**
 * Locating a version string inside a file's text, per kind, as character spans.
 * Edits replace only those spans, so comments, key order, indentation and every
 * other table are left exactly as they were.
 */
import { variableMatches } from "../../core/version-sources/variable.ts";

export interface Span {
  start: number;
  end: number;
  value: string;
}

/** Span of group `g` of a regex match (the regex must use the `d` flag). */
function groupSpan(m: RegExpExecArray, g: number, offset = 0): Span {
  const [start, end] = m.indices![g]!;
  return { start: start + offset, end: end + offset, value: m[g]! };
}

/** The text of one TOML table: from after its header line to the next header. */
export function tomlTable(text: string, name: string): { start: number; end: number } | undefined {
  const esc = name.replace(/[.[\]]/g, (c) => `\\${c}`);
  const header = new RegExp(`^[ \\t]*\\[[ \\t]*${esc}[ \\t]*\\][ \\t]*(?:#.*)?$`, "m").exec(text);
  if (!header) return undefined;
  const start = header.index + header[0].length;
  const next = /^[ \t]*\[/m.exec(text.slice(start));
  return { start, end: next ? start + next.index : text.length };
}

/** `version = "..."` directly inside a TOML table (never a dependency's inline `version`). */
export function tomlVersionIn(text: string, table: string): Span | undefined {
  const t = tomlTable(text, table);
  if (!t) return undefined;
  const m = /^[ \t]*version[ \t]*=[ \t]*(["'])([^"'\n]*)\1/dm.exec(text.slice(t.start, t.end));
  return m ? groupSpan(m, 2, t.start) : undefined;
}

export function pythonDunderVersion(text: string): Span | undefined {
  const m = /^__version__[ \t]*(?::[ \t]*str[ \t]*)?=[ \t]*(["'])([^"'\n]*)\1/dm.exec(text);
  return m ? groupSpan(m, 2) : undefined;
}

/** A top-level `name = "..."` assignment in a Python file (Sphinx `release`, `version`). */
export function pythonAssignment(text: string, name: string): Span | undefined {
  const m = new RegExp(`^${name}[ \\t]*=[ \\t]*(["'])([^"'\\n]*)\\1`, "dm").exec(text);
  return m ? groupSpan(m, 2) : undefined;
}

/** Every `NAME = X.Y.Z` (or `==`, `:`, ...) assignment of `variable`, as core's reader finds them. */
export function variableSpans(text: string, variable: string): Span[] {
  return variableMatches(text, variable);
}

/** Replace spans (any order, non-overlapping) in one pass. */
export function replaceSpans(text: string, edits: { span: Span; value: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start))
    out = out.slice(0, e.span.start) + e.value + out.slice(e.span.end);
  return out;
}

/**
 * The string value at `keys` in a JSON document (`["version"]`, `["package", "version"]`),
 * found by walking its tokens; keys of nested objects with the same name never match.
 */
export function jsonStringAt(text: string, keys: readonly string[]): Span | undefined {
  const stack: { array: boolean; key?: string; expectKey: boolean }[] = [];
  const path = () => stack.map((s) => s.key ?? "[]");
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const top = stack.at(-1);
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const raw = text.slice(i + 1, j);
      if (top && !top.array && top.expectKey) {
        top.key = raw;
        top.expectKey = false;
      } else if (top && !top.array) {
        const here = path();
        if (here.length === keys.length && here.every((k, n) => k === keys[n]))
          return { start: i + 1, end: j, value: raw };
      }
      i = j;
    } else if (ch === "{" || ch === "[") {
      stack.push({ array: ch === "[", expectKey: ch === "{" });
    } else if (ch === "}" || ch === "]") {
      stack.pop();
    } else if (ch === "," && top && !top.array) {
      top.expectKey = true;
      top.key = undefined;
    }
  }
  return undefined;
}

/** `key = "value"` or `key = value` directly inside an INI or TOML table (quotes left out of the span). */
export function tableValue(text: string, table: string, key: string): Span | undefined {
  const t = tomlTable(text, table);
  if (!t) return undefined;
  const re = new RegExp(`^[ \\t]*${key}[ \\t]*[=:][ \\t]*(?:(["'])([^"'\\n]*)\\1|([^\\s#;"']+))`, "dm");
  const m = re.exec(text.slice(t.start, t.end));
  if (!m) return undefined;
  return m[2] !== undefined ? groupSpan(m, 2, t.start) : groupSpan(m, 3, t.start);
}

/** The whole text of a plain version file, less surrounding whitespace. */
export function plainSpan(text: string): Span | undefined {
  const value = text.trim();
  if (!value || value.includes("\n")) return undefined;
  const start = text.indexOf(value);
  return { start, end: start + value.length, value };
}
