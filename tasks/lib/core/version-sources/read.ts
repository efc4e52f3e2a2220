/**
 * The version a file of a given kind declares, read with the kind's real parser (TOML,
 * JSON, python3's reading of Python and INI files), for the rules that name files:
 * bumpversion's sections, release tools' lists. Pure.
 */
import { parse as parseToml } from "smol-toml";
import type { VersionFileKind } from "../config/schema.ts";
import { rec } from "../records.ts";
import { plainVersion } from "./python.ts";
import { isError, type PyLiteral } from "./python-reader.ts";
import type { SourceFacts } from "./types.ts";
import { variableMatches } from "./variable.ts";

/** A module-level string literal python3 read in `path` (`__version__`, `release`, ...). */
export function literal(facts: SourceFacts, path: string, name: string): PyLiteral | undefined {
  if ("unavailable" in facts.python) return undefined;
  const m = facts.python.modules[path];
  return m && !isError(m) ? (m as Record<string, PyLiteral>)[name] : undefined;
}

/** The version a file of this kind declares, read with the kind's real parser. */
export function versionOf(
  facts: SourceFacts,
  path: string,
  kind: VersionFileKind,
  variable?: string,
): string | undefined {
  const text = facts.text(path);
  if (text === undefined) return undefined;
  if (kind === "variable") {
    const found = [...new Set(variableMatches(text, variable ?? "").map((m) => m.value))];
    return variable && found.length === 1 ? found[0] : undefined;
  }
  try {
    if (kind === "pyproject") {
      const t = rec(parseToml(text));
      const v = rec(t.project).version ?? rec(rec(t.tool).poetry).version;
      return typeof v === "string" ? v : undefined;
    }
    if (kind === "cargo") {
      const t = rec(parseToml(text));
      const v = rec(t.package).version ?? rec(rec(t.workspace).package).version;
      return typeof v === "string" ? v : undefined;
    }
    if (kind === "json") {
      const j = rec(JSON.parse(text));
      const v = j.version ?? rec(j.package).version;
      return typeof v === "string" ? v : undefined;
    }
  } catch {
    return undefined;
  }
  if (kind === "python") return literal(facts, path, "__version__")?.value;
  if (kind === "sphinx") return (literal(facts, path, "release") ?? literal(facts, path, "version"))?.value;
  if (kind === "plain") return plainVersion(facts, path, "")?.version;
  if (kind === "bumpversion" && !("unavailable" in facts.python)) {
    const ini = facts.python.ini[path];
    if (ini && !isError(ini)) return (ini as Record<string, Record<string, string>>).bumpversion?.current_version;
    try {
      const v = rec(rec(rec(parseToml(text)).tool).bumpversion).current_version;
      return typeof v === "string" ? v : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
