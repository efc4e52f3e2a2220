/**
 * Reading and bumping the version in each kind of version file, format-preserving:
 * only the version string changes. Pure text in, text out; the runner does the I/O.
 */
import { parse as parseToml } from "smol-toml";
import type { VersionFileKind } from "../../core/config/schema.ts";
import { ReleaseError } from "../../core/errors.ts";
import {
  bumpversionCurrent,
  jsonTopLevelVersion,
  pythonAssignment,
  pythonDunderVersion,
  replaceSpans,
  tomlVersionIn,
  type Span,
} from "./spans.ts";

interface Located {
  /** the version the file declares */
  primary: Span;
  /** further spans that follow the version (Sphinx's short `version`) */
  extra: { span: Span; derive: (next: string) => string }[];
}

const where: Record<VersionFileKind, string> = {
  pyproject: "[project].version",
  cargo: "[package].version",
  json: 'the top-level "version" key',
  python: "__version__",
  sphinx: "release = or version =",
  bumpversion: "[bumpversion] current_version",
};

function notFound(path: string, kind: VersionFileKind): ReleaseError {
  return new ReleaseError(
    "version.unreadable",
    `Cannot read the version of ${path}: no ${where[kind]} found`,
    `Add ${where[kind]} to ${path}, or remove it from versionFiles in release.config.ts.`,
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

function locate(kind: VersionFileKind, text: string, path: string): Located {
  const plain = (span: Span | undefined): Located => {
    if (!span) throw notFound(path, kind);
    return { primary: span, extra: [] };
  };
  switch (kind) {
    case "pyproject": {
      const span = tomlVersionIn(text, "project");
      if (span) crossCheckToml(text, path, ["project"], span);
      return plain(span);
    }
    case "cargo": {
      const table = tomlVersionIn(text, "package") ? ["package"] : ["workspace", "package"];
      const span = tomlVersionIn(text, table.join("."));
      if (span) crossCheckToml(text, path, table, span);
      return plain(span);
    }
    case "json":
      return plain(jsonTopLevelVersion(text));
    case "python":
      return plain(pythonDunderVersion(text));
    case "bumpversion":
      return plain(bumpversionCurrent(text));
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

/** The version a file declares. */
export function readVersion(kind: VersionFileKind, text: string, path: string): string {
  return locate(kind, text, path).primary.value;
}

/** The file's text with its version set to `next`; nothing else changes. */
export function setVersion(kind: VersionFileKind, text: string, path: string, next: string): string {
  const found = locate(kind, text, path);
  return replaceSpans(text, [
    { span: found.primary, value: next },
    ...found.extra.map((e) => ({ span: e.span, value: e.derive(next) })),
  ]);
}
