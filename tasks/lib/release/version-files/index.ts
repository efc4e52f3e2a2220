/**
 * Reading and bumping the version in each kind of version file, format-preserving:
 * only the version string changes. Pure text in, text out; the runner does the I/O.
 */
import { parse as parseToml } from "smol-toml";
import type { VersionFileKind } from "../../core/config/schema.ts";
import { ReleaseError } from "../../core/errors.ts";
import { setupPySpan } from "./setup-py.ts";
import {
  jsonStringAt,
  plainSpan,
  pythonAssignment,
  pythonDunderVersion,
  replaceSpans,
  tableValue,
  tomlVersionIn,
  type Span,
  variableSpans,
} from "./spans.ts";

interface Located {
  /** the version the file declares */
  primary: Span;
  /** further spans that follow the version (Sphinx's short `version`) */
  extra: { span: Span; derive: (next: string) => string }[];
}

/** What each kind looks for, as a noun phrase ("it has no ..."). */
const what: Record<VersionFileKind, string> = {
  pyproject: "[project].version or [tool.poetry].version string",
  cargo: "[package].version string",
  json: 'top-level "version" string (or "package"."version", Tauri v1)',
  python: '__version__ = "..." line',
  sphinx: 'release = "..." or version = "..." line',
  bumpversion: "current_version in [bumpversion] or [tool.bumpversion]",
  plain: "version (the file must hold the version alone)",
  "setup-cfg": "version in its [metadata] section",
  "setup-py": 'version="..." literal in setup()',
  variable: "assignment of a version to its variable (NAME = X.Y.Z, NAME == X.Y.Z)",
};

function notFound(path: string, kind: VersionFileKind): ReleaseError {
  return new ReleaseError(
    "version.unreadable",
    `Cannot read the version of ${path}: it has no ${what[kind]}`,
    `Add it to ${path}, or remove ${path} from versionFiles in release.config.ts.`,
  );
}

/** A textual find must agree with a real TOML parser, or the edit would be a guess. */
function crossCheckToml(text: string, path: string, table: string[], span: Span): void {
  let data: unknown;
  try {
    data = parseToml(text);
  } catch (e) {
    throw new ReleaseError(
      "version.unreadable",
      `Cannot read ${path}: it is not valid TOML (${(e as Error).message.split("\n")[0]})`,
      `Fix the TOML syntax of ${path}.`,
    );
  }
  let node = data as Record<string, unknown> | undefined;
  for (const key of table) node = node?.[key] as Record<string, unknown> | undefined;
  if (node?.version !== span.value) {
    throw new ReleaseError(
      "version.unreadable",
      `Cannot edit ${path} safely: [${table.join(".")}].version is not a plain string on one line`,
      `Write it as version = "X.Y.Z" in ${path}.`,
    );
  }
}

/** Keys a tool keeps equal to the version in pyproject.toml (commitizen, bump-my-version). */
function pyprojectExtras(text: string, primary: Span): Located["extra"] {
  const extra: Located["extra"] = [];
  for (const [table, key] of [
    ["tool.commitizen", "version"],
    ["tool.bumpversion", "current_version"],
  ] as const) {
    const span = tableValue(text, table, key);
    if (span && span.value === primary.value && span.start !== primary.start) extra.push({ span, derive: (n) => n });
  }
  return extra;
}

/** Every assignment of the variable: one version, or the edit would be a guess. */
function locateVariable(text: string, path: string, variable: string | undefined): Located {
  if (!variable)
    throw new ReleaseError(
      "config.invalid",
      `Cannot read the version of ${path}: kind "variable" needs the variable's name`,
      `Write it as { path: "${path}", kind: "variable", variable: "NAME" } in release.config.ts.`,
    );
  const spans = variableSpans(text, variable);
  if (!spans.length) throw notFound(path, "variable");
  const values = [...new Set(spans.map((s) => s.value))];
  if (values.length > 1)
    throw new ReleaseError(
      "version.unreadable",
      `Cannot edit ${path} safely: ${variable} is assigned different versions (${values.join(", ")})`,
      `Make every ${variable} assignment in ${path} say the same version.`,
    );
  return { primary: spans[0]!, extra: spans.slice(1).map((span) => ({ span, derive: (n: string) => n })) };
}

function locate(kind: Exclude<VersionFileKind, "setup-py">, text: string, path: string, variable?: string): Located {
  const plain = (span: Span | undefined): Located => {
    if (!span) throw notFound(path, kind);
    return { primary: span, extra: [] };
  };
  switch (kind) {
    case "pyproject": {
      // PEP 621 first; Poetry 1 keeps the version in [tool.poetry].
      const table = tomlVersionIn(text, "project") ? "project" : "tool.poetry";
      const span = tomlVersionIn(text, table);
      if (!span) throw notFound(path, kind);
      crossCheckToml(text, path, table.split("."), span);
      return { primary: span, extra: pyprojectExtras(text, span) };
    }
    case "plain":
      return plain(plainSpan(text));
    case "setup-cfg":
      return plain(tableValue(text, "metadata", "version"));
    case "cargo": {
      const table = tomlVersionIn(text, "package") ? ["package"] : ["workspace", "package"];
      const span = tomlVersionIn(text, table.join("."));
      if (span) crossCheckToml(text, path, table, span);
      return plain(span);
    }
    case "json":
      return plain(jsonStringAt(text, ["version"]) ?? jsonStringAt(text, ["package", "version"]));
    case "variable":
      return locateVariable(text, path, variable);
    case "python":
      return plain(pythonDunderVersion(text));
    case "bumpversion":
      return plain(
        tableValue(text, "bumpversion", "current_version") ?? tableValue(text, "tool.bumpversion", "current_version"),
      );
    case "sphinx": {
      const release = pythonAssignment(text, "release");
      const version = pythonAssignment(text, "version");
      if (!release) return plain(version);
      const extra: Located["extra"] = [];
      if (version) {
        const short = (v: string) => v.split(/[.-]/).slice(0, 2).join(".");
        if (version.value === release.value) extra.push({ span: version, derive: (n) => n });
        else if (version.value === short(release.value)) extra.push({ span: version, derive: short });
      }
      return { primary: release, extra };
    }
  }
}

export type TextKind = Exclude<VersionFileKind, "setup-py">;

/** The version a file declares (every kind but setup-py, which needs python3: see readVersionOf). */
export function readVersion(kind: TextKind, text: string, path: string, variable?: string): string {
  return locate(kind, text, path, variable).primary.value;
}

/** The file's text with its version set to `next`; nothing else changes. */
export function setVersion(kind: TextKind, text: string, path: string, next: string, variable?: string): string {
  return edit(text, locate(kind, text, path, variable), next);
}

function edit(text: string, found: Located, next: string): string {
  return replaceSpans(text, [
    { span: found.primary, value: next },
    ...found.extra.map((e) => ({ span: e.span, value: e.derive(next) })),
  ]);
}

async function locateAny(kind: VersionFileKind, text: string, path: string, variable?: string): Promise<Located> {
  return kind === "setup-py"
    ? { primary: await setupPySpan(text, path), extra: [] }
    : locate(kind, text, path, variable);
}

/** readVersion for every kind, setup.py's literal read by Python's ast. */
export async function readVersionOf(
  kind: VersionFileKind,
  text: string,
  path: string,
  variable?: string,
): Promise<string> {
  return (await locateAny(kind, text, path, variable)).primary.value;
}

/** setVersion for every kind. */
export async function setVersionOf(
  kind: VersionFileKind,
  text: string,
  path: string,
  next: string,
  variable?: string,
): Promise<string> {
  return edit(text, await locateAny(kind, text, path, variable), next);
}
