/**
 * The files a release tool's configuration lists as carrying the version: rooster's
 * `[tool.rooster] version_files`, python-semantic-release's `version_toml` and
 * `version_variables` (`[tool.semantic_release]` in pyproject.toml, `[semantic_release]` in
 * releaserc.toml). A listed file the cut can edit is a version file; one it cannot (prose,
 * a marker text, a tag rather than a version, another TOML key) is named in a question,
 * never silently left behind. Pure.
 */
import { parse as parseToml } from "smol-toml";
import type { VersionFileKind } from "../config/schema.ts";
import { rec, type Rec } from "../records.ts";
import { inferKind } from "./kind.ts";
import { versionOf } from "./read.ts";
import type { SourceFacts, VersionSourceFile, VersionSources } from "./types.ts";

/** One entry of a tool's list, as the toolkit would keep it in step. */
interface Listed {
  path: string;
  /** where the list is, for the why and the question */
  where: string;
  /** why the cut cannot edit it, when it cannot */
  byHand?: string;
  kind?: VersionFileKind;
  variable?: string;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function kindOf(path: string): VersionFileKind | undefined {
  try {
    return inferKind(path);
  } catch {
    return undefined;
  }
}

/** `[tool.rooster] version_files`: paths whose version rooster moves, or `{ target, replace }` marker texts. */
function rooster(tool: Rec): Listed[] {
  const where = "[tool.rooster] version_files";
  return list(rec(tool.rooster).version_files).flatMap((e): Listed[] => {
    const target = str(e) ?? str(rec(e).target);
    if (!target) return [];
    if (typeof e !== "string") return [{ path: target, where, byHand: "has a marker text rooster replaces" }];
    const kind = kindOf(target);
    return [kind ? { path: target, where, kind } : { path: target, where, byHand: "holds the version in prose" }];
  });
}

/** The TOML keys the cut edits, by kind (version-files/index.ts). */
const TOML_KEYS: Partial<Record<VersionFileKind, string[]>> = {
  pyproject: ["project.version", "tool.poetry.version"],
  cargo: ["package.version", "workspace.package.version"],
};

/** python-semantic-release's `version_toml` (`PATH:dotted.key`) and `version_variables` (`PATH:NAME[:nf|tf]`). */
function semanticRelease(table: Rec, where: string): Listed[] {
  const out: Listed[] = [];
  for (const e of list(table.version_toml).map(str)) {
    const [path, key, format] = e?.split(":") ?? [];
    if (!path || !key) continue;
    const kind = kindOf(path);
    const at = `${where} version_toml`;
    if (format === "tf") out.push({ path, where: at, byHand: `keeps the tag at ${key}, not the version` });
    else if (kind && TOML_KEYS[kind]?.includes(key)) out.push({ path, where: at, kind });
    else out.push({ path, where: at, byHand: `keeps the version at ${key}, a key the cut does not edit` });
  }
  for (const e of list(table.version_variables ?? table.version_variable).map(str)) {
    const [path, variable, format] = e?.split(":") ?? [];
    if (!path || !variable) continue;
    const at = `${where} version_variables`;
    if (format === "tf") out.push({ path, where: at, byHand: `assigns the tag to ${variable}, not the version` });
    else if (variable === "__version__" && path.endsWith(".py")) out.push({ path, where: at, kind: "python" });
    else out.push({ path, where: at, kind: "variable", variable });
  }
  return out;
}

function toml(facts: SourceFacts, path: string): Rec {
  try {
    return facts.paths.includes(path) ? rec(parseToml(facts.text(path) ?? "")) : {};
  } catch {
    return {};
  }
}

/** Every entry of every release tool's list in the repository. */
export function toolLists(facts: SourceFacts): Listed[] {
  const tool = rec(toml(facts, "pyproject.toml").tool);
  return [
    ...rooster(tool),
    ...semanticRelease(rec(tool.semantic_release), "[tool.semantic_release]"),
    ...semanticRelease(rec(toml(facts, "releaserc.toml").semantic_release), "releaserc.toml [semantic_release]"),
  ];
}

/** Adds the listed files the cut can edit; the others are one question per list. */
export function toolListedFiles(facts: SourceFacts, out: VersionSources): void {
  const byHand = new Map<string, string[]>();
  const hand = (l: Listed, why: string) => byHand.set(l.where, [...(byHand.get(l.where) ?? []), `${l.path} ${why}`]);
  for (const l of toolLists(facts)) {
    if (!facts.paths.includes(l.path)) {
      out.questions.push(`${l.path} is listed in ${l.where} but does not exist: drop it there`);
      continue;
    }
    if (l.byHand || !l.kind) {
      hand(l, l.byHand ?? "");
      continue;
    }
    const version = versionOf(facts, l.path, l.kind, l.variable);
    if (version === undefined) {
      hand(l, l.variable ? `has no ${l.variable} assignment the cut can read` : "has no version the cut can read");
      continue;
    }
    if (out.files.some((f) => f.path === l.path)) continue;
    const file: VersionSourceFile = { path: l.path, kind: l.kind, version, why: `listed in ${l.where}` };
    out.files.push(l.variable ? { ...file, variable: l.variable } : file);
  }
  for (const [where, entries] of byHand) {
    const shown = entries.length > 6 ? [...entries.slice(0, 6), `and ${entries.length - 6} more`] : entries;
    out.questions.push(
      `${where} also lists files the cut does not edit (${shown.join("; ")}): keep them in step by hand, or drop them there`,
    );
  }
}
