/**
 * Locating a version string inside a file's text, per kind, as character spans.
 * Edits replace only those spans, so comments, key order, indentation and every
 * other table are left exactly as they were.
 */
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

/** The string value of the top-level `"version"` key of a JSON object (nested keys ignored). */
export function jsonTopLevelVersion(text: string): Span | undefined {
  let depth = 0;
  let expectKey = false;
  let pendingKey: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const raw = text.slice(i + 1, j);
      if (depth === 1 && expectKey) {
        pendingKey = raw;
        expectKey = false;
      } else if (depth === 1 && pendingKey === "version") {
        return { start: i + 1, end: j, value: raw };
      }
      i = j;
    } else if (ch === "{" || ch === "[") {
      depth++;
      if (depth === 1 && ch === "{") expectKey = true;
    } else if (ch === "}" || ch === "]") {
      depth--;
    } else if (ch === "," && depth === 1) {
      expectKey = true;
      pendingKey = undefined;
    }
  }
  return undefined;
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

/** `current_version = X` in the `[bumpversion]` section of an INI file. */
export function bumpversionCurrent(text: string): Span | undefined {
  const t = tomlTable(text, "bumpversion");
  if (!t) return undefined;
  const m = /^current_version[ \t]*[=:][ \t]*([^\s#;]+)/dm.exec(text.slice(t.start, t.end));
  return m ? groupSpan(m, 1, t.start) : undefined;
}

/** Replace spans (any order, non-overlapping) in one pass. */
export function replaceSpans(text: string, edits: { span: Span; value: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start))
    out = out.slice(0, e.span.start) + e.value + out.slice(e.span.end);
  return out;
}
